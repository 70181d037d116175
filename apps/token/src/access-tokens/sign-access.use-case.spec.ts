import { decodeFakeJwt } from '../../test/fakes/fake-key-crypto';
import { tokenKit } from '../../test/fakes/token-kit';

describe('SignAccessUseCase', () => {
  it('signs exactly the claims DESIGN §3 names, with the active kid', async () => {
    const kit = tokenKit({ accessTokenTtlSeconds: 600, issuer: 'iss-x', audience: 'aud-y' });
    const signed = await kit.signAccess.execute({ userId: 'u-1', roles: ['admin'], sessionId: 's-1' });
    const { kid } = await kit.activeKey.get();
    const { header, claims } = decodeFakeJwt(signed.accessToken);
    const iat = Math.floor(kit.clock.now().getTime() / 1000);

    expect(header).toEqual({ alg: 'RS256', kid, typ: 'JWT' });
    expect(claims).toEqual({
      iss: 'iss-x',
      aud: 'aud-y',
      sub: 'u-1',
      jti: signed.jti,
      iat,
      exp: iat + 600,
      roles: ['admin'],
      sid: 's-1',
    });
    expect(signed).toMatchObject({ expiresIn: 600, expiresAt: iat + 600 });
    expect(signed.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives every token its own jti', async () => {
    const kit = tokenKit();
    const subject = { userId: 'u', roles: [], sessionId: 's' };
    const [a, b] = await Promise.all([kit.signAccess.execute(subject), kit.signAccess.execute(subject)]);
    expect(a.jti).not.toBe(b.jti);
  });

  it('adds a space-separated scope claim only when asked, and never outlives notAfter', async () => {
    const kit = tokenKit({ accessTokenTtlSeconds: 900 });
    const iat = Math.floor(kit.clock.now().getTime() / 1000);
    const limited = await kit.signAccess.execute({
      userId: 'u',
      roles: ['user'],
      sessionId: 'k',
      scope: ['apis:read', 'profile:read'],
      notAfter: iat + 60,
    });
    expect(decodeFakeJwt(limited.accessToken).claims).toMatchObject({
      sub: 'u',
      sid: 'k',
      roles: ['user'],
      scope: 'apis:read profile:read',
      exp: iat + 60,
    });
    expect(limited.expiresIn).toBe(60);
    const plain = await kit.signAccess.execute({
      userId: 'u',
      roles: ['user'],
      sessionId: 's',
      notAfter: iat + 10_000,
    });
    expect(decodeFakeJwt(plain.accessToken).claims).not.toHaveProperty('scope');
    expect(plain.expiresIn).toBe(900);
  });
});
