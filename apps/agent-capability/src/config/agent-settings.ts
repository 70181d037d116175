import { AgentCapabilityConfig } from './agent-capability.config';

/** The numbers agent grants are bounded by, in domain units. */
export interface AgentSettings {
  maxDelegationDepth: number;
  maxTtlSeconds: number;
  defaultTtlSeconds: number;
}

export const AGENT_SETTINGS = Symbol('AGENT_SETTINGS');

export function agentSettingsFrom(config: AgentCapabilityConfig): AgentSettings {
  return {
    maxDelegationDepth: config.AGENT_MAX_DELEGATION_DEPTH,
    maxTtlSeconds: config.AGENT_TOKEN_MAX_TTL_SECONDS,
    defaultTtlSeconds: Math.min(config.AGENT_TOKEN_DEFAULT_TTL_SECONDS, config.AGENT_TOKEN_MAX_TTL_SECONDS),
  };
}
