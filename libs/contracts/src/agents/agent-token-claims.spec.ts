import { actorClaimFor, AGENT_TOKEN_MAX_TTL_SECONDS, parseAgentTokenClaims } from './agent-token-claims';

const base = (chain: string[] = [], overrides: Record<string, unknown> = {}) => ({
  iss: 'portcullis',
  aud: 'portcullis-api',
  sub: 'agt_self',
  jti: 'j1',
  iat: 1000,
  exp: 1000 + 600,
  agent_type: 'code-reviewer',
  scope: 'file:read git:commit',
  sid: 's1',
  depth: chain.length + 1,
  act: actorClaimFor('u1', chain),
  ...overrides,
});

describe('agent token claims', () => {
  it('nests act outside-in: parent first, the user innermost', () => {
    expect(actorClaimFor('u1', [])).toEqual({ sub: 'u1' });
    expect(actorClaimFor('u1', ['a', 'b'])).toEqual({ sub: 'agt_b', act: { sub: 'agt_a', act: { sub: 'u1' } } });
  });

  it('parses a delegated token: chain root first, capabilities from scope', () => {
    expect(parseAgentTokenClaims(base(['a', 'b']))).toEqual({
      agentId: 'self',
      userId: 'u1',
      sessionId: 's1',
      jti: 'j1',
      iat: 1000,
      exp: 1600,
      agentType: 'code-reviewer',
      capabilities: ['file:read', 'git:commit'],
      depth: 3,
      chain: ['a', 'b'],
      act: actorClaimFor('u1', ['a', 'b']),
    });
    expect(parseAgentTokenClaims(base())).toMatchObject({ chain: [], depth: 1, userId: 'u1' });
    expect(parseAgentTokenClaims(base([], { scope: '' }))).toMatchObject({ capabilities: [] });
  });

  it.each([
    ['a sub without agt_', { sub: 'self' }],
    ['an empty agent id', { sub: 'agt_' }],
    ['no sid', { sid: undefined }],
    ['no agent_type', { agent_type: '' }],
    ['a scope that is not a string', { scope: ['file:read'] }],
    ['a depth of 0', { depth: 0 }],
    ['a depth that disagrees with act', { depth: 2 }],
    ['a lifetime over 1 h', { exp: 1000 + AGENT_TOKEN_MAX_TTL_SECONDS + 1 }],
    ['no act', { act: undefined }],
    ['an act ending in an agent', { act: { sub: 'agt_x' } }],
    ['a user in the middle of act', { act: { sub: 'u0', act: { sub: 'u1' } }, depth: 2 }],
    ['an act level without sub', { act: { act: { sub: 'u1' } }, depth: 2 }],
  ])('refuses %s', (_label, overrides) => {
    expect(parseAgentTokenClaims(base([], overrides))).toBeNull();
  });
});
