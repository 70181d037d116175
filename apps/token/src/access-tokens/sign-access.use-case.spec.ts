import { decodeFakeJwt } from '../../test/fakes/fake-key-crypto';
import { tokenKit } from '../../test/fakes/token-kit';

describe('SignAccessUseCase', () => {
  it('signs exactly the claims DESIGN §3 names, with the active kid', async () => {
    const kit = tokenKit({ ACCESS_TOKEN_TTL_SECONDS: 600, JWT_ISSUER: 'iss-x', JWT_AUDIENCE: 'aud-y' });
    const signed = await kit.signAccess.execute({ userId: 'u-1', roles: ['admin'], sessionId: 's-1' });
    const { kid } = await kit.activeKey.get();
    const { header, claims } = decodeFakeJwt(signed.accessToken);
    const iat = Math.floor(kit.clock.now().getTime() / 1000);

    expect(header).toEqual({ alg: 'RS256', kid, typ: 'JWT' });
    expect(claims).toEqual({ iss: 'iss-x', aud: 'aud-y', sub: 'u-1', jti: signed.jti, iat, exp: iat + 600, roles: ['admin'], sid: 's-1' });
    expect(signed).toMatchObject({ expiresIn: 600, expiresAt: iat + 600 });
    expect(signed.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives every token its own jti', async () => {
    const kit = tokenKit();
    const subject = { userId: 'u', roles: [], sessionId: 's' };
    const [a, b] = await Promise.all([kit.signAccess.execute(subject), kit.signAccess.execute(subject)]);
    expect(a.jti).not.toBe(b.jti);
  });
});
