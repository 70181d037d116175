import { ErrorCode } from '@portcullis/contracts';
import { sha256Hex } from '@portcullis/security';
import { withOrigin } from '@portcullis/testing';
import { decodeFakeJwt } from '../../test/fakes/fake-key-crypto';
import { tokenKit, TokenKit } from '../../test/fakes/token-kit';

const userId = '0d6b2c8e-3f5a-4e7b-9c1d-2a3b4c5d6e7f';

describe('CreateSessionUseCase', () => {
  let kit: TokenKit;
  beforeEach(() => (kit = tokenKit()));

  it('returns a Bearer pair whose access token names the new session', async () => {
    const reply = await withOrigin({ ip: '198.51.100.4', userAgent: 'ua' }, () =>
      kit.createSession.execute({ userId, roles: ['user', 'developer'], deviceName: 'cli' }),
    );

    expect(reply).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshToken: expect.stringMatching(/^rt_/) });
    const { claims } = decodeFakeJwt(reply.accessToken);
    expect(claims).toMatchObject({ sub: userId, sid: reply.sessionId, roles: ['user', 'developer'] });
    expect(kit.sessions.families.get(reply.sessionId)).toMatchObject({
      userId,
      deviceName: 'cli',
      ip: '198.51.100.4',
      userAgent: 'ua',
      expiresAt: new Date(kit.clock.now().getTime() + 604800_000),
      revokedAt: null,
    });
  });

  it('commits auth.login.succeeded with the session (the outbox), never the tokens', async () => {
    const reply = await withOrigin({ requestId: 'req-1' }, () =>
      kit.createSession.execute({ userId, roles: ['user'], deviceName: 'cli' }),
    );
    expect(kit.published).toEqual([
      {
        type: 'auth.login.succeeded',
        data: expect.objectContaining({
          subject: { type: 'user', id: userId },
          data: { sessionId: reply.sessionId, deviceName: 'cli' },
          meta: expect.objectContaining({ requestId: 'req-1' }),
        }),
      },
    ]);
    expect(JSON.stringify(kit.published)).not.toContain(reply.refreshToken);
  });

  it('stores the refresh token only as its SHA-256', async () => {
    const reply = await kit.createSession.execute({ userId, roles: [] });
    const stored = JSON.stringify([...kit.sessions.tokens.values()]);
    expect(stored).not.toContain(reply.refreshToken);
    expect(kit.sessions.tokens.get(sha256Hex(reply.refreshToken))).toMatchObject({
      familyId: reply.sessionId,
      spentAt: null,
    });
  });

  it('gives every login its own session', async () => {
    const a = await kit.createSession.execute({ userId, roles: [] });
    const b = await kit.createSession.execute({ userId, roles: [] });
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(a.refreshToken).not.toBe(b.refreshToken);
  });

  it('refuses a malformed user id or roles before touching storage', async () => {
    await expect(kit.createSession.execute({ userId: 'nobody', roles: [] })).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
    });
    await expect(kit.createSession.execute({ userId, roles: 'admin' as never })).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
    });
    expect(kit.sessions.families.size).toBe(0);
  });
});
