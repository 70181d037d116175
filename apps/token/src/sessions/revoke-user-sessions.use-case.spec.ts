import { ErrorCode } from '@portcullis/contracts';
import { withOrigin } from '@portcullis/testing';
import { tokenKit, TokenKit } from '../../test/fakes/token-kit';

const alice = '11111111-1111-4111-8111-111111111111';
const bob = '22222222-2222-4222-8222-222222222222';

describe('RevokeUserSessionsUseCase and ListSessionsUseCase', () => {
  let kit: TokenKit;
  beforeEach(() => (kit = tokenKit()));

  const login = async (userId: string, deviceName: string) => {
    const reply = await withOrigin({ ip: '192.0.2.1', userAgent: 'ua' }, () =>
      kit.createSession.execute({ userId, roles: [], deviceName }),
    );
    kit.clock.advance(1000);
    return reply.sessionId;
  };

  it("revokes every other session of the user, publishes each, and leaves other users' alone", async () => {
    const [a1, a2, a3] = [await login(alice, 'a1'), await login(alice, 'a2'), await login(alice, 'a3')];
    const b1 = await login(bob, 'b1');

    await expect(
      kit.revokeUserSessions.execute({ userId: alice, exceptSessionId: a2, reason: 'password_changed' }),
    ).resolves.toEqual({ revoked: 2 });
    expect(kit.revocations.sessions.sort()).toEqual([a1, a3].sort());
    expect((await kit.listSessions.execute({ userId: alice })).map((s) => s.id)).toEqual([a2]);
    expect((await kit.listSessions.execute({ userId: bob })).map((s) => s.id)).toEqual([b1]);
    await expect(kit.revokeUserSessions.execute({ userId: alice, reason: 'admin' })).resolves.toEqual({ revoked: 1 });
  });

  it('lists live sessions newest first with ISO dates, leaving out revoked and expired ones', async () => {
    const old = await login(alice, 'old');
    kit.clock.advance(kit.settings.refreshTokenTtlSeconds * 1000 - 500);
    const recent = await login(alice, 'recent');
    const newest = await login(alice, 'newest');
    await kit.revokeSession.execute({ userId: alice, sessionId: recent, reason: 'logout' });

    const sessions = await kit.listSessions.execute({ userId: alice });
    expect(sessions.map((s) => s.id)).toEqual([newest]);
    expect(sessions[0]).toEqual({
      id: newest,
      deviceName: 'newest',
      ip: '192.0.2.1',
      userAgent: 'ua',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      lastUsedAt: expect.stringMatching(/Z$/),
    });
    expect(sessions.map((s) => s.id)).not.toContain(old);
  });

  it('refuses a malformed user id', async () => {
    await expect(kit.listSessions.execute({ userId: "1' OR 1=1" })).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
    });
    await expect(
      kit.revokeUserSessions.execute({ userId: alice, exceptSessionId: 'x', reason: 'r' }),
    ).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
    });
  });
});
