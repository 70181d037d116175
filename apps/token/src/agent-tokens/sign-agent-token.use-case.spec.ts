import { viaBus } from '@portcullis/testing';
import { actorClaimFor, AgentTokenPatterns, parseAgentTokenClaims } from '@portcullis/contracts';
import { SignAgentTokenUseCase } from './sign-agent-token.use-case';
import { decodeFakeJwt } from '../../test/fakes/fake-key-crypto';
import { tokenKit } from '../../test/fakes/token-kit';

const USER = '5b0c1e3a-7a53-4c2f-9d1e-2b7f3c9a8e01';
const SESSION = '0e9d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';
const request = {
  agentId: 'child-1',
  userId: USER,
  sessionId: SESSION,
  agentType: 'code-reviewer',
  capabilities: ['file:read', 'git:commit'],
  chain: ['root-1'],
};

describe('SignAgentTokenUseCase (token.agents.sign)', () => {
  const setup = () => {
    const kit = tokenKit({ issuer: 'iss-x', audience: 'aud-y' });
    return {
      kit,
      // Through the contract's parse, as the bus delivers it: the schema checks the shape, the use case the clock.
      sign: viaBus(
        AgentTokenPatterns.sign,
        new SignAgentTokenUseCase(kit.activeKey, kit.crypto, kit.clock, kit.settings),
      ),
      iat: Math.floor(kit.clock.now().getTime() / 1000),
    };
  };

  it('signs the agent claim policy: typ agent+jwt, sub agt_<id>, act nesting, depth, at most 1 h', async () => {
    const { kit, sign, iat } = setup();
    const signed = await sign.execute(request);
    const { kid } = await kit.activeKey.get();
    const { header, claims } = decodeFakeJwt(signed.agentToken);
    expect(header).toEqual({ alg: 'RS256', kid, typ: 'agent+jwt' });
    expect(claims).toEqual({
      ...{ iss: 'iss-x', aud: 'aud-y', sub: 'agt_child-1', jti: signed.jti, iat, exp: iat + 3600 },
      ...{
        agent_type: 'code-reviewer',
        scope: 'file:read git:commit',
        sid: SESSION,
        depth: 2,
        act: actorClaimFor(USER, ['root-1']),
      },
    });
    expect(signed).toMatchObject({ expiresIn: 3600, expiresAt: iat + 3600 });
    // What the gateway will read back from it:
    expect(parseAgentTokenClaims(claims)).toMatchObject({
      agentId: 'child-1',
      userId: USER,
      chain: ['root-1'],
      depth: 2,
    });
  });

  it('never outlives the asked ttl or notAfter (a parent’s exp)', async () => {
    const { sign, iat } = setup();
    expect((await sign.execute({ ...request, ttlSeconds: 300 })).expiresIn).toBe(300);
    expect((await sign.execute({ ...request, ttlSeconds: 600, notAfter: iat + 90 })).expiresAt).toBe(iat + 90);
  });

  it.each([
    ['ttlSeconds', { ttlSeconds: 3601 }],
    ['ttlSeconds', { ttlSeconds: 0 }],
    ['notAfter', { notAfter: 1 }],
    ['agentId', { agentId: 'agt with space' }],
    ['userId', { userId: 'not-a-uuid' }],
    ['sessionId', { sessionId: undefined }],
    ['agentType', { agentType: 'Code Reviewer' }],
    ['capabilities', { capabilities: ['file:read extra'] }],
    ['capabilities', { capabilities: 'file:read' }],
    ['chain', { chain: ['ok', 'not ok'] }],
    ['chain', { chain: undefined }],
  ])('refuses a bad %s with VALIDATION_FAILED naming it', async (field, overrides) => {
    const { sign } = setup();
    await expect(sign.execute({ ...request, ...overrides } as never)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details:
        field === 'notAfter'
          ? { field }
          : { errors: [expect.objectContaining({ field: expect.stringMatching(new RegExp(`^${field}(\\.|$)`)) })] },
    });
  });
});
