import { epochSeconds, runWithRequestContext } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { tokenKit, TokenKit } from '../../test/fakes/token-kit';

const alice = '11111111-1111-4111-8111-111111111111';
const mallory = '22222222-2222-4222-8222-222222222222';

describe('RevokeSessionUseCase', () => {
  let kit: TokenKit;
  beforeEach(() => (kit = tokenKit()));

  it('revokes the session and publishes it, along with the access token in hand', async () => {
    const { sessionId } = await kit.createSession.execute({ userId: alice, roles: [] });
    const exp = epochSeconds(kit.clock.now()) + 600;
    await kit.revokeSession.execute({
      userId: alice,
      sessionId,
      reason: 'logout',
      accessJti: 'jti-1',
      accessExpiresAt: exp,
    });

    expect(kit.sessions.families.get(sessionId)).toMatchObject({ revokedReason: 'logout', revokedAt: kit.clock.now() });
    expect(kit.revocations.sessions).toEqual([sessionId]);
    expect(kit.revocations.jtis).toEqual([{ jti: 'jti-1', expiresAt: exp }]);
  });

  it('commits its own auth.logout with the revocation, once, however often it is revoked, with the origin from the request context', async () => {
    const { sessionId } = await kit.createSession.execute({ userId: alice, roles: [] });
    const context = { requestId: 'req-l', origin: { ip: '198.51.100.7' } };
    await runWithRequestContext(context, () =>
      kit.revokeSession.execute({ userId: alice, sessionId, reason: 'logout' }),
    );
    await runWithRequestContext(context, () =>
      kit.revokeSession.execute({ userId: alice, sessionId, reason: 'logout' }),
    );
    const logouts = kit.published.filter((e) => e.type === 'auth.logout');
    expect(logouts).toHaveLength(1);
    expect(logouts[0].data).toMatchObject({
      subject: { type: 'user', id: alice },
      actor: { type: 'user', id: alice },
      data: { sessionId },
      meta: { ip: '198.51.100.7', requestId: 'req-l' },
    });
  });

  it('records auth.session.revoked for a session the user ended from their list', async () => {
    const { sessionId } = await kit.createSession.execute({ userId: alice, roles: [] });
    await kit.revokeSession.execute({ userId: alice, sessionId, reason: 'revoked_by_user' });
    expect(kit.published.filter((e) => e.type === 'auth.session.revoked').map((e) => e.data)).toMatchObject([
      { data: { sessionId, reason: 'revoked_by_user' } },
    ]);
  });

  it('is idempotent: revoking again succeeds and keeps the first reason', async () => {
    const { sessionId } = await kit.createSession.execute({ userId: alice, roles: [] });
    await kit.revokeSession.execute({ userId: alice, sessionId, reason: 'logout' });
    await kit.revokeSession.execute({ userId: alice, sessionId, reason: 'revoked_by_user' });
    expect(kit.sessions.families.get(sessionId)!.revokedReason).toBe('logout');
  });

  it("answers SESSION_NOT_FOUND for another user's session, leaving it alone, but still denies the jti", async () => {
    const { sessionId } = await kit.createSession.execute({ userId: alice, roles: [] });
    const exp = epochSeconds(kit.clock.now()) + 600;

    await expect(
      kit.revokeSession.execute({ userId: mallory, sessionId, reason: 'x', accessJti: 'm-jti', accessExpiresAt: exp }),
    ).rejects.toMatchObject({
      code: ErrorCode.SESSION_NOT_FOUND,
    });
    expect(kit.sessions.families.get(sessionId)!.revokedAt).toBeNull();
    expect(kit.revocations.sessions).toEqual([]);
    expect(kit.revocations.jtis).toEqual([{ jti: 'm-jti', expiresAt: exp }]);
  });

  it('answers SESSION_NOT_FOUND for unknown and malformed ids alike', async () => {
    for (const sessionId of ['33333333-3333-4333-8333-333333333333', 'not-a-uuid']) {
      await expect(kit.revokeSession.execute({ userId: alice, sessionId, reason: 'x' })).rejects.toMatchObject({
        code: ErrorCode.SESSION_NOT_FOUND,
      });
    }
  });
});

describe('RevokeSessionUseCase without an expiry for the jti', () => {
  it('still denies the jti, for as long as any access token issued now could live', async () => {
    const kit = tokenKit();
    const { sessionId } = await kit.createSession.execute({ userId: alice, roles: [] });
    await kit.revokeSession.execute({ userId: alice, sessionId, reason: 'logout', accessJti: 'jti-2' });
    const until = epochSeconds(kit.clock.now()) + 900 + 30;
    expect(kit.revocations.jtis).toEqual([{ jti: 'jti-2', expiresAt: until }]);
    expect(kit.revoked.jtis.get('jti-2')).toEqual(new Date(until * 1000));
  });
});

describe('revocations kept in PostgreSQL (what survives a Redis that lost its data)', () => {
  let kit: TokenKit;
  beforeEach(() => (kit = tokenKit()));

  it('stores a logged-out jti and the revoked session, and lists both while a token could still be valid', async () => {
    const { sessionId } = await kit.createSession.execute({ userId: alice, roles: [] });
    const exp = epochSeconds(kit.clock.now()) + 600;
    await kit.revokeSession.execute({
      userId: alice,
      sessionId,
      reason: 'logout',
      accessJti: 'jti-1',
      accessExpiresAt: exp,
    });

    const { revocations } = await kit.listActiveRevocations.execute();
    expect(revocations).toEqual(
      expect.arrayContaining([
        { kind: 'jti', jti: 'jti-1', until: exp },
        { kind: 'session', sessionId, until: epochSeconds(kit.clock.now()) + 3630 },
      ]),
    );
    expect(revocations).toHaveLength(2);
  });

  it("stores the jti even when the session is not the caller's, and nothing for an already expired token", async () => {
    const { sessionId } = await kit.createSession.execute({ userId: alice, roles: [] });
    const now = epochSeconds(kit.clock.now());
    await expect(
      kit.revokeSession.execute({
        userId: mallory,
        sessionId,
        reason: 'x',
        accessJti: 'm-jti',
        accessExpiresAt: now + 60,
      }),
    ).rejects.toMatchObject({
      code: ErrorCode.SESSION_NOT_FOUND,
    });
    await kit.revokeSession.execute({
      userId: alice,
      sessionId,
      reason: 'logout',
      accessJti: 'old-jti',
      accessExpiresAt: now - 1,
    });
    expect([...kit.revoked.jtis.keys()]).toEqual(['m-jti']);
    expect(kit.revocations.jtis.map((j) => j.jti)).toEqual(['m-jti']);
  });

  it('stops listing them once no token they cover can be valid, and prunes the expired jtis', async () => {
    const { sessionId } = await kit.createSession.execute({ userId: alice, roles: [] });
    await kit.revokeSession.execute({
      userId: alice,
      sessionId,
      reason: 'logout',
      accessJti: 'jti-1',
      accessExpiresAt: epochSeconds(kit.clock.now()) + 600,
    });

    kit.clock.advance(601_000);
    expect((await kit.listActiveRevocations.execute()).revocations).toEqual([
      { kind: 'session', sessionId, until: expect.any(Number) },
    ]);
    // The session's revocation lasts as long as an agent token of it could (1 h and the margin).
    kit.clock.advance(3_000_000);
    expect((await kit.listActiveRevocations.execute()).revocations).toHaveLength(1);
    kit.clock.advance(30_000);
    expect((await kit.listActiveRevocations.execute()).revocations).toEqual([]);
    await expect(kit.revoked.pruneExpired(kit.clock.now())).resolves.toBe(1);
    expect(kit.revoked.jtis.size).toBe(0);
  });
});
