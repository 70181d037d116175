import { createLocalJWKSet, exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { AccessTokenVerifier } from './access-token.verifier';
import { JwksCache } from './jwks.cache';
import { RevocationStore } from './revocation.store';

const settings = {
  issuer: 'portcullis',
  audience: 'portcullis-api',
  tokenCacheSize: 100,
  redisPrefix: 'unit',
  userViewTtlSeconds: 0,
};

describe('AccessTokenVerifier', () => {
  let key: KeyLike;
  let verifier: AccessTokenVerifier;
  let revocations: RevocationStore;
  const claims = { sid: 's1', roles: ['user'] };

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const jwks = {
      current: { keys: [jwk] },
      ensure: async () => undefined,
      keyResolver: () => createLocalJWKSet({ keys: [jwk] }),
    } as unknown as JwksCache;
    revocations = Object.create(RevocationStore.prototype) as RevocationStore;
    Object.assign(revocations, { sessions: new Map(), jtis: new Map(), users: new Map(), agents: new Map() });
    verifier = new AccessTokenVerifier(jwks, revocations, settings);
  });

  /** As its callers take it: a value, a promise or a throw, all as a promise. */
  const verify = (token: string) => Promise.resolve().then(() => verifier.verify(token));

  const sign = (
    overrides: { iss?: string; aud?: string; exp?: number; kid?: string; jti?: string } = {},
    extra: Record<string, unknown> = {},
  ) =>
    new SignJWT({ ...claims, ...extra })
      .setProtectedHeader({ alg: 'RS256', kid: overrides.kid ?? 'k1', typ: 'JWT' })
      .setIssuer(overrides.iss ?? 'portcullis')
      .setAudience(overrides.aud ?? 'portcullis-api')
      .setSubject('u1')
      .setJti(overrides.jti ?? `j-${Math.random()}`)
      .setIssuedAt()
      .setExpirationTime(overrides.exp ?? Math.floor(Date.now() / 1000) + 900)
      .sign(key);

  it('accepts a good token and returns the principal', async () => {
    await expect(verify(await sign())).resolves.toMatchObject({
      userId: 'u1',
      sessionId: 's1',
      roles: ['user'],
    });
  });

  it.each([
    ['a wrong issuer', { iss: 'evil' }],
    ['a wrong audience', { aud: 'other-api' }],
    ['an expired token', { exp: Math.floor(Date.now() / 1000) - 60 }],
    ['an unknown kid', { kid: 'k-unknown' }],
  ])('refuses %s with AUTH_UNAUTHENTICATED', async (_label, overrides) => {
    await expect(verify(await sign(overrides))).rejects.toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
  });

  it.each([
    ['trailing padding', (t: string) => `${t}==`],
    ['a standard-base64 signature', (t: string) => t.replace(/-/g, '+').replace(/_/g, '/')],
  ])('refuses a token respelt with %s, even after the canonical one was accepted', async (_label, respell) => {
    let token = await sign();
    while (!/[-_]/.test(token.split('.')[2])) token = await sign();
    await verify(token);
    await expect(verify(respell(token))).rejects.toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
  });

  it('answers repeat requests from the cache but still honours a revocation that arrives later', async () => {
    const token = await sign({ jti: 'j-revoke-me' });
    await verify(token);
    // A repeat is answered at once, not as a promise: it is every request's path.
    expect(verifier.verify(token)).toMatchObject({ kind: 'user', jti: 'j-revoke-me' });
    revocations.apply({ kind: 'jti', jti: 'j-revoke-me', until: Math.floor(Date.now() / 1000) + 900 });
    await expect(verify(token)).rejects.toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
  });

  it("never answers from the cache a token that only shares a cached token's signature", async () => {
    const token = await sign({ jti: 'j-original' });
    await verify(token);
    const [header, , signature] = token.split('.');
    const otherPayload = (await sign({ jti: 'j-forged' }, { roles: ['super_admin'] })).split('.')[1];
    // Same signature, so the same cache key: the whole token must still match, or it is verified afresh.
    await expect(verify(`${header}.${otherPayload}.${signature}`)).rejects.toMatchObject({
      code: 'AUTH_UNAUTHENTICATED',
    });
    // The cached token itself is still answered at once.
    expect(verifier.verify(token)).toMatchObject({ jti: 'j-original' });
  });

  it('ends a token exchanged for an API key by its key_gen, not its iat, when the key rolls', async () => {
    const now = Math.floor(Date.now() / 1000);
    const exchanged = (keyGen: number) =>
      sign({}, { sid: 'key-1', scope: 'profile:read', key_limits: { rateLimit: null, quota: null }, key_gen: keyGen });
    // Read before the roll (its secret since long ago) but signed after it: dead.
    const racing = await exchanged(now - 3600);
    // Read after the roll: its secret is the new one.
    const fresh = await exchanged(now);
    revocations.apply({ kind: 'session', sessionId: 'key-1', issuedBefore: now - 1, until: now + 900 });

    await expect(verify(racing)).rejects.toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
    await expect(verify(fresh)).resolves.toMatchObject({ sessionId: 'key-1', keyGeneration: now });
  });

  it('refuses every token of a user issued before a user-wide revocation', async () => {
    const token = await sign();
    await verify(token);
    revocations.apply({
      kind: 'user',
      userId: 'u1',
      issuedBefore: Math.floor(Date.now() / 1000) + 1,
      until: Math.floor(Date.now() / 1000) + 900,
    });
    await expect(verify(token)).rejects.toMatchObject({ code: 'AUTH_UNAUTHENTICATED' });
  });
});
