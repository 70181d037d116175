import { BroadcastChannel } from '@portcullis/bus';
import { ErrorCode, Revocation, REVOCATION_TOPIC, revocationKeys, TokenPatterns } from '@portcullis/contracts';
import { sha256Hex } from '@portcullis/security';
import { waitFor } from '@portcullis/testing';
import { randomUUID } from 'crypto';
import { decodeProtectedHeader } from 'jose';
import { testMeta as meta, TokenHarness } from './support/token-harness';

jest.setTimeout(90_000);

describe('token app (two real replicas over the bus)', () => {
  const t = new TokenHarness({ REFRESH_REUSE_GRACE_SECONDS: '2' });
  const login = (userId: string, deviceName?: string) => t.login(userId, deviceName);
  const rotate = (refreshToken: string) => t.rotate(refreshToken);

  beforeAll(() => t.start(['token', 'token#2']));
  afterAll(() => t.stop());

  it('creates exactly one signing key when replicas start together on a fresh database, sealed at rest', async () => {
    const { rows } = await t.pg.query('SELECT kid, private_key_sealed, retired_at FROM tokens.signing_keys');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ private_key_sealed: expect.stringMatching(/^v1\./), retired_at: null });
    const kids = new Set<string>();
    for (let i = 0; i < 6; i++) kids.add(decodeProtectedHeader((await login(randomUUID())).accessToken).kid!);
    expect([...kids]).toEqual([rows[0].kid]);
  });

  it('creates a session whose access token verifies with jose against the JWKS', async () => {
    const userId = randomUUID();
    const session = await login(userId);
    const { payload, protectedHeader } = await t.verify(session.accessToken);

    expect(session).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: expect.stringMatching(/^rt_[\w-]{43}$/),
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    expect(payload).toMatchObject({
      iss: 'portcullis',
      aud: 'portcullis-api',
      sub: userId,
      sid: session.sessionId,
      roles: ['user'],
    });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.exp! - payload.iat!).toBe(900);
    expect((await t.jwks()).keys.every((k) => k.use === 'sig' && k.alg === 'RS256' && !('d' in k))).toBe(true);
    expect(await t.refreshRow(session.refreshToken)).toMatchObject({ family_id: session.sessionId, spent_at: null });
  });

  it('signs a standalone access token for an existing session', async () => {
    const userId = randomUUID();
    const { sessionId } = await login(userId);
    const signed = await t.call(TokenPatterns.signAccess, { userId, roles: ['admin'], sessionId });
    expect((await t.verify(signed.accessToken)).payload).toMatchObject({
      sub: userId,
      sid: sessionId,
      roles: ['admin'],
    });
  });

  it('rotates: a new refresh token, the old one spent and pointing at it', async () => {
    const session = await login(randomUUID());
    const next = await rotate(session.refreshToken);

    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect(next.sessionId).toBe(session.sessionId);
    const old = await t.refreshRow(session.refreshToken);
    expect(old?.spent_at).toBeInstanceOf(Date);
    expect(old?.successor_hash).toBe(sha256Hex(next.refreshToken));
    await expect(rotate(next.refreshToken)).resolves.toMatchObject({ sessionId: session.sessionId });
  });

  it('answers concurrent duplicates of one refresh with the same successor', async () => {
    const session = await login(randomUUID());
    const replies = await Promise.all([1, 2, 3, 4].map(() => rotate(session.refreshToken)));

    expect(new Set(replies.map((r) => r.refreshToken)).size).toBe(1);
    const { rows } = await t.pg.query('SELECT count(*)::int AS n FROM tokens.refresh_tokens WHERE family_id = $1', [
      session.sessionId,
    ]);
    expect(rows[0].n).toBe(2);
  });

  it('revokes only that family when a spent token comes back after the grace window', async () => {
    const userId = randomUUID();
    const victim = await login(userId, 'phone');
    const other = await login(userId, 'laptop');
    const next = await rotate(victim.refreshToken);
    await expect(rotate(victim.refreshToken)).resolves.toEqual(next);

    // Retries inside the 2 s grace window keep getting `next`; the first one after it is reuse.
    const reuse = await waitFor(
      () =>
        rotate(victim.refreshToken).then(
          () => null,
          (e: { code: string }) => e,
        ),
      {
        timeoutMs: 8000,
        intervalMs: 200,
        what: 'the grace window to pass',
      },
    );
    expect(reuse.code).toBe(ErrorCode.AUTH_REFRESH_REUSED);
    expect(await t.familyRow(victim.sessionId)).toMatchObject({
      revoked_reason: 'refresh_reused',
      revoked_at: expect.any(Date),
    });
    expect((await t.failure(TokenPatterns.rotateRefresh, { refreshToken: next.refreshToken })).code).toBe(
      ErrorCode.AUTH_INVALID_REFRESH,
    );
    await expect(rotate(other.refreshToken)).resolves.toMatchObject({ sessionId: other.sessionId });
    const events = await waitFor(async () =>
      (await t.bus.readEvents('auth.refresh.reused')).filter((e) => e.data.sessionId === victim.sessionId),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'auth.refresh.reused', subject: { type: 'user', id: userId } });
    expect(
      await t.redis.exists(
        revocationKeys.of(t.env.REDIS_PREFIX, { kind: 'session', sessionId: victim.sessionId, until: 0 }),
      ),
    ).toBe(1);
  });

  it("answers SESSION_NOT_FOUND for another user's session, yet still denies the caller's jti", async () => {
    const { sessionId } = await login(randomUUID());
    const jti = randomUUID();
    const error = await t.failure(TokenPatterns.revokeSession, {
      userId: randomUUID(),
      sessionId,
      reason: 'logout',
      accessJti: jti,
      accessExpiresAt: Math.floor(Date.now() / 1000) + 300,
    });

    expect(error.code).toBe(ErrorCode.SESSION_NOT_FOUND);
    expect((await t.familyRow(sessionId))?.revoked_at).toBeNull();
    const jtiKey = revocationKeys.of(t.env.REDIS_PREFIX, { kind: 'jti', jti, until: 0 });
    expect(JSON.parse((await t.redis.get(jtiKey))!)).toMatchObject({ kind: 'jti', jti });
    expect(await t.redis.ttl(jtiKey)).toBeGreaterThan(290);
  });

  it('publishes a revoked session as a Redis key and a broadcast, and the session is over', async () => {
    const received: Revocation[] = [];
    const channel = new BroadcastChannel(t.redis, t.env.REDIS_PREFIX);
    await channel.subscribe(REVOCATION_TOPIC, (m) => received.push(m as Revocation));
    try {
      const userId = randomUUID();
      const session = await login(userId);
      await t.call(TokenPatterns.revokeSession, { userId, sessionId: session.sessionId, reason: 'logout' });

      await waitFor(() => received.find((r) => r.kind === 'session' && r.sessionId === session.sessionId), {
        timeoutMs: 1000,
        what: 'the broadcast',
      });
      const key = revocationKeys.of(t.env.REDIS_PREFIX, { kind: 'session', sessionId: session.sessionId, until: 0 });
      expect(JSON.parse((await t.redis.get(key))!)).toMatchObject({
        kind: 'session',
        sessionId: session.sessionId,
        until: expect.any(Number),
      });
      expect(await t.redis.ttl(key)).toBeGreaterThanOrEqual(900);
      expect((await t.failure(TokenPatterns.rotateRefresh, { refreshToken: session.refreshToken })).code).toBe(
        ErrorCode.AUTH_INVALID_REFRESH,
      );
      expect(await t.call(TokenPatterns.listSessions, { userId })).toEqual([]);
    } finally {
      await channel.close();
    }
  });

  it('lists live sessions newest first, and revokes all but one', async () => {
    const userId = randomUUID();
    const first = await login(userId, 'first');
    const second = await login(userId, 'second');

    expect(await t.call(TokenPatterns.listSessions, { userId })).toEqual([
      {
        id: second.sessionId,
        deviceName: 'second',
        ...meta,
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
      },
      {
        id: first.sessionId,
        deviceName: 'first',
        ...meta,
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
      },
    ]);
    await expect(
      t.call(TokenPatterns.revokeUserSessions, {
        userId,
        exceptSessionId: second.sessionId,
        reason: 'password_changed',
      }),
    ).resolves.toEqual({ revoked: 1 });
    expect((await t.call(TokenPatterns.listSessions, { userId })).map((s) => s.id)).toEqual([second.sessionId]);
  });

  it('rotates the signing key: every replica signs with the new kid soon, the old kid stays published', async () => {
    const before = await login(randomUUID());
    const oldKid = decodeProtectedHeader(before.accessToken).kid!;
    const { kid } = await t.call(TokenPatterns.rotateSigningKey, {});

    expect(kid).not.toBe(oldKid);
    expect((await t.jwks()).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([kid, oldKid]));
    await expect(t.verify(before.accessToken)).resolves.toBeDefined();
    await waitFor(
      async () => {
        const sessions = await Promise.all([1, 2, 3, 4, 5, 6].map(() => login(randomUUID())));
        return sessions.every((s) => decodeProtectedHeader(s.accessToken).kid === kid);
      },
      { timeoutMs: 10_000, intervalMs: 250, what: 'both replicas to sign with the new key' },
    );
  });

  it('never writes a token to its logs', () => {
    const logs = t.platform.logs();
    expect(t.issued.length).toBeGreaterThan(10);
    expect(t.issued.filter((token) => logs.includes(token))).toEqual([]);
  });
});
