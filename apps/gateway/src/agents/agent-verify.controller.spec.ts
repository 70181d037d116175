import { AgentPrincipal } from '@portcullis/contracts';
import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { AgentVerifyController } from './agent-verify.controller';
import { CapabilityBudgets } from './budgets/capability-budgets';

const agent: AgentPrincipal = {
  ...{
    kind: 'agent',
    agentId: 'child',
    userId: 'u1',
    sessionId: 's1',
    jti: 'j1',
    exp: 9e9,
    agentType: 'code-reviewer',
  },
  ...{ capabilities: ['file:read'], depth: 2, chain: ['root'], act: { sub: 'agt_root', act: { sub: 'u1' } } },
};
const who = { agentId: 'agt_child', userId: 'u1', chain: ['u1', 'agt_root', 'agt_child'] };

/** Tokens are names: `seen` is answered at once (the verifier's cache), `new` later, the rest refused. */
const verifier = {
  verifyAgent: (token: string) => {
    if (token === 'seen') return agent;
    if (token === 'new') return Promise.resolve(agent);
    if (token === 'revoked') throw new Error('revoked');
    return Promise.reject(new Error('bad signature'));
  },
} as unknown as AccessTokenVerifier;
const denials: Array<[string, string]> = [];
const budgets = {
  consume: () => Promise.resolve({ allowed: true, reason: 'granted', remaining: 4 }),
  recordDenial: (agentId: string, capability: string) => void denials.push([agentId, capability]),
} as unknown as CapabilityBudgets;

describe('POST /agents/verify (controller)', () => {
  const controller = new AgentVerifyController(verifier, budgets);

  it('answers a token seen before at once, without a promise', () => {
    expect(controller.verify({ token: 'seen', capability: 'file:read' })).toEqual({
      allowed: true,
      reason: 'granted',
      ...who,
    });
    expect(controller.verify({ token: 'seen', capability: 'deploy:production' })).toEqual({
      allowed: false,
      reason: 'not_granted',
      ...who,
    });
    // The refusal goes on the agent's record (its decisions, agent.capability.denied); the grant does not.
    expect(denials).toEqual([[agent.agentId, 'deploy:production']]);
  });

  it('answers invalid_token for a token refused at once or later, never an error', async () => {
    const invalid = { allowed: false, reason: 'invalid_token', agentId: null, userId: null, chain: [] };
    expect(controller.verify({ token: 'revoked', capability: 'file:read' })).toEqual(invalid);
    await expect(Promise.resolve(controller.verify({ token: 'forged', capability: 'file:read' }))).resolves.toEqual(
      invalid,
    );
  });

  it('waits for a new token, and for the budget store when asked to consume', async () => {
    await expect(Promise.resolve(controller.verify({ token: 'new', capability: 'file:read' }))).resolves.toEqual({
      allowed: true,
      reason: 'granted',
      ...who,
    });
    await expect(
      Promise.resolve(controller.verify({ token: 'seen', capability: 'file:read', consume: true })),
    ).resolves.toEqual({ allowed: true, reason: 'granted', ...who, remaining: 4 });
  });
});
