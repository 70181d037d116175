import { ConfigError } from '@portcullis/config';
import { loadAgentCapabilityConfig } from './agent-capability.config';
import { agentSettingsFrom } from './agent-settings';

describe('agent settings from the environment', () => {
  const settings = (env: Record<string, string> = {}) => agentSettingsFrom(loadAgentCapabilityConfig(env));

  it('defaults to three delegations, tokens of at most an hour, fifteen minutes when none is asked', () => {
    expect(settings()).toEqual({ maxDelegationDepth: 3, maxTtlSeconds: 3600, defaultTtlSeconds: 900 });
  });

  it('never lets the default outlast the maximum', () => {
    expect(settings({ AGENT_TOKEN_MAX_TTL_SECONDS: '600' })).toMatchObject({
      maxTtlSeconds: 600,
      defaultTtlSeconds: 600,
    });
  });

  it('refuses tokens over an hour and a negative depth, naming the variable', () => {
    for (const [name, value] of [
      ['AGENT_TOKEN_MAX_TTL_SECONDS', '7200'],
      ['AGENT_MAX_DELEGATION_DEPTH', '-1'],
      ['AGENT_MAX_DELEGATION_DEPTH', 'three'],
    ]) {
      expect(() => loadAgentCapabilityConfig({ [name]: value })).toThrow(ConfigError);
      expect(() => loadAgentCapabilityConfig({ [name]: value })).toThrow(name);
    }
  });
});
