import { actorClaimFor, agentSubject, scopeOf } from '@portcullis/contracts';
import { createLocalJWKSet, exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { AccessTokenVerifier, WrongTokenKind } from './access-token.verifier';
import { JwksCache } from './jwks.cache';
import { RevocationStore } from './revocation.store';

const settings = {
  issuer: 'portcullis',
  audience: 'portcullis-api',
  tokenCacheSize: 100,
  redisPrefix: 'unit',
  userViewTtlSeconds: 0,
};
const now = () => Math.floor(Date.now() / 1000);

describe('AccessTokenVerifier: dispatch on typ (user vs agent tokens)', () => {
  let key: KeyLike;
  let verifier: AccessTokenVerifier;
  let revocations: RevocationStore;

  let jwks: JwksCache;

  // One RSA key for the file (generating one is slow on a busy machine); a fresh store per test.
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = {
      ensure: async () => undefined,
      keyResolver: () => createLocalJWKSet({ keys: [jwk] }),
    } as unknown as JwksCache;
  });

  beforeEach(() => {
    revocations = Object.create(RevocationStore.prototype) as RevocationStore;
    Object.assign(revocations, { sessions: new Map(), jtis: new Map(), users: new Map(), agents: new Map() });
    verifier = new AccessTokenVerifier(jwks, revocations, settings);
  });

  /** As its callers take it: a value, a promise or a throw, all as a promise. */
  const verify = (token: string) => Promise.resolve().then(() => verifier.verify(token));
  const verifyAgent = (token: string) => Promise.resolve().then(() => verifier.verifyAgent(token));

  const userToken = (typ = 'JWT') =>
    new SignJWT({ sid: 's1', roles: ['user'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ })
      .setIssuer('portcullis')
      .setAudience('portcullis-api')
      .setSubject('u1')
      .setJti(`j-${Math.random()}`)
      .setIssuedAt()
      .setExpirationTime(now() + 900)
      .sign(key);

  /** An agent `id` of user u1 below `chain` (root first). */
  const agentToken = (
    id: string,
    chain: string[] = [],
    overrides: { typ?: string; ttl?: number; depth?: number } = {},
  ) =>
    new SignJWT({
      agent_type: 'code-reviewer',
      scope: scopeOf(['file:read', 'git:commit']),
      sid: 's1',
      depth: overrides.depth ?? chain.length + 1,
      act: actorClaimFor('u1', chain),
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: overrides.typ ?? 'agent+jwt' })
      .setIssuer('portcullis')
      .setAudience('portcullis-api')
      .setSubject(agentSubject(id))
      .setJti(`aj-${Math.random()}`)
      .setIssuedAt()
      .setExpirationTime(now() + (overrides.ttl ?? 600))
      .sign(key);

  it('reads an agent token into an agent principal, chain root first', async () => {
    const principal = await verifyAgent(await agentToken('c', ['a', 'b']));
    expect(principal).toMatchObject({
      kind: 'agent',
      agentId: 'c',
      userId: 'u1',
      sessionId: 's1',
      agentType: 'code-reviewer',
      depth: 3,
      chain: ['a', 'b'],
    });
    expect(principal.capabilities).toEqual(['file:read', 'git:commit']);
  });

  it('refuses an agent token where a user token is expected, and the reverse, also from the cache', async () => {
    const agent = await agentToken('a');
    const user = await userToken();
    await expect(verify(agent)).rejects.toBeInstanceOf(WrongTokenKind);
    await expect(verifyAgent(user)).rejects.toBeInstanceOf(WrongTokenKind);
    await verifyAgent(agent);
    await verify(user);
    await expect(verify(agent)).rejects.toMatchObject({
      code: 'AUTH_UNAUTHENTICATED',
      message: 'An agent token is not accepted here',
    });
    await expect(verifyAgent(user)).rejects.toBeInstanceOf(WrongTokenKind);
  });

  it.each([
    ['an unknown typ', () => agentToken('a', [], { typ: 'at+jwt' })],
    ['a lifetime over 1 h', () => agentToken('a', [], { ttl: 3700 })],
    ['a depth that disagrees with act', () => agentToken('a', ['p'], { depth: 1 })],
  ])('refuses %s', async (_label, make) => {
    await expect(verifyAgent(await make())).rejects.toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
  });

  it('refuses an agent token once it, any ancestor, its session or its user is revoked', async () => {
    const until = now() + 3600;
    const tokens = await Promise.all([
      agentToken('c1', ['a', 'b']),
      agentToken('c2', ['x']),
      agentToken('c3'),
      agentToken('c4'),
    ]);
    for (const t of tokens) await verifyAgent(t);
    revocations.applyAgent({ kind: 'agent', agentId: 'a', until });
    await expect(verifyAgent(tokens[0])).rejects.toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
    await expect(verifyAgent(tokens[1])).resolves.toMatchObject({ agentId: 'c2' });
    revocations.applyAgent({ kind: 'agent', agentId: 'c2', until });
    await expect(verifyAgent(tokens[1])).rejects.toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
    revocations.apply({ kind: 'session', sessionId: 's1', until });
    await expect(verifyAgent(tokens[2])).rejects.toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
  });

  it('refuses agent tokens issued before a user-wide revocation', async () => {
    const token = await agentToken('a');
    await verifyAgent(token);
    revocations.apply({ kind: 'user', userId: 'u1', issuedBefore: now() + 1, until: now() + 900 });
    await expect(verifyAgent(token)).rejects.toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
  });
});
