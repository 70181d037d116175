import { ErrorCode } from '@portcullis/contracts';
import { sha256Hex } from '@portcullis/security';
import { withOrigin } from '@portcullis/testing';
import { tokenKit, TokenKit } from '../../test/fakes/token-kit';

const userId = '6f1c2f4e-8a57-4c55-9a8e-2d4f3b1a0c11';

describe('RotateRefreshUseCase', () => {
  let kit: TokenKit;
  /** The reuse announcements among the committed events (every login commits one of its own). */
  const reuses = () => kit.published.filter((e) => e.type === 'auth.refresh.reused');
  const login = (deviceName = 'laptop') => kit.createSession.execute({ userId, roles: ['user'], deviceName });
  const rotate = (refreshToken: string) =>
    withOrigin({ ip: '203.0.113.9', userAgent: 'curl/8' }, () => kit.rotateRefresh.execute({ refreshToken }));

  beforeEach(() => {
    kit = tokenKit({ refreshReuseGraceSeconds: 10 });
  });

  it('spends the token and returns a new one for the same session, recording where it was used', async () => {
    const session = await login();
    kit.clock.advance(60_000);
    const rotated = await rotate(session.refreshToken);

    expect(rotated).toEqual({
      userId,
      sessionId: session.sessionId,
      refreshToken: expect.stringMatching(/^rt_[A-Za-z0-9_-]{43}$/),
    });
    expect(rotated.refreshToken).not.toBe(session.refreshToken);
    const old = kit.sessions.tokens.get(sha256Hex(session.refreshToken))!;
    expect(old.spentAt).toEqual(kit.clock.now());
    expect(old.successorHash).toBe(sha256Hex(rotated.refreshToken));
    expect(kit.sessions.families.get(session.sessionId)).toMatchObject({
      ip: '203.0.113.9',
      userAgent: 'curl/8',
      lastUsedAt: kit.clock.now(),
    });
    expect(kit.stash.entries.get(sha256Hex(session.refreshToken))?.ttlSeconds).toBe(10);
  });

  it('gives concurrent duplicates of one refresh the same successor, spending it once', async () => {
    const session = await login();
    const replies = await Promise.all([
      rotate(session.refreshToken),
      rotate(session.refreshToken),
      rotate(session.refreshToken),
    ]);

    expect(new Set(replies.map((r) => r.refreshToken)).size).toBe(1);
    const successors = [...kit.sessions.tokens.values()].filter((t) => t.familyId === session.sessionId && !t.spentAt);
    expect(successors).toHaveLength(1);
  });

  it('gives a retry inside the grace window the same successor', async () => {
    const session = await login();
    const first = await rotate(session.refreshToken);
    kit.clock.advance(9_000);
    await expect(rotate(session.refreshToken)).resolves.toEqual(first);
    expect(kit.sessions.families.get(session.sessionId)!.revokedAt).toBeNull();
  });

  it('revokes the whole family on reuse after the grace window, and leaves other sessions alone', async () => {
    const stolen = await login('phone');
    const other = await login('laptop');
    const next = await rotate(stolen.refreshToken);
    kit.clock.advance(11_000);

    await expect(rotate(stolen.refreshToken)).rejects.toMatchObject({ code: ErrorCode.AUTH_REFRESH_REUSED });
    expect(kit.sessions.families.get(stolen.sessionId)).toMatchObject({ revokedReason: 'refresh_reused' });
    expect(kit.revocations.sessions).toEqual([stolen.sessionId]);
    expect(reuses()).toEqual([
      {
        type: 'auth.refresh.reused',
        data: expect.objectContaining({ subject: { type: 'user', id: userId }, data: { sessionId: stolen.sessionId } }),
      },
    ]);
    expect(JSON.stringify(kit.published)).not.toContain(stolen.refreshToken);
    // The successor the thief or the client holds is dead too; the other login still works.
    await expect(rotate(next.refreshToken)).rejects.toMatchObject({ code: ErrorCode.AUTH_INVALID_REFRESH });
    await expect(rotate(other.refreshToken)).resolves.toMatchObject({ sessionId: other.sessionId });
  });

  it('announces a reuse once, however many replays arrive', async () => {
    const session = await login();
    await rotate(session.refreshToken);
    kit.clock.advance(11_000);
    await Promise.all(
      [rotate(session.refreshToken), rotate(session.refreshToken)].map((p) => p.catch(() => undefined)),
    );
    expect(reuses()).toHaveLength(1);
  });

  it('rejects unknown, expired, revoked and malformed tokens as AUTH_INVALID_REFRESH', async () => {
    const session = await login();
    await expect(rotate('rt_not-a-token-we-issued')).rejects.toMatchObject({ code: ErrorCode.AUTH_INVALID_REFRESH });
    await expect(kit.rotateRefresh.execute({} as never)).rejects.toMatchObject({
      code: ErrorCode.AUTH_INVALID_REFRESH,
    });
    kit.clock.advance(kit.settings.refreshTokenTtlSeconds * 1000 + 1);
    await expect(rotate(session.refreshToken)).rejects.toMatchObject({ code: ErrorCode.AUTH_INVALID_REFRESH });
    expect(reuses()).toEqual([]);
  });

  it('never reveals the token or its hash in the error', async () => {
    const error = (await rotate('rt_secret-value').catch((e: unknown) => e)) as Error;
    expect(JSON.stringify({ ...error, message: error.message })).not.toMatch(/secret-value|[0-9a-f]{64}/);
  });
});
