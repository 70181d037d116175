import { createRemoteJWKSet, generateKeyPair, jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
import { createHmac } from 'crypto';
import { Platform, testEnv, waitFor } from '@portcullis/testing';
import { Api, STRONG_PASSWORD, uniqueEmail } from './support/api';
import { postOversized } from './support/oversized-post';

jest.setTimeout(120_000);

describe('identity through the gateway', () => {
  const platform = new Platform(testEnv('e2e-identity'), {
    BCRYPT_COST: '4',
    LOCKOUT_DURATION_SECONDS: '3',
    IP_FAILURE_LIMIT: '10000',
    REFRESH_REUSE_GRACE_SECONDS: '1',
  });
  let api: Api;
  let api2: Api;

  beforeAll(async () => {
    await platform.start([...['gateway', 'auth', 'user', 'token', 'security'], 'gateway#2']);
    api = new Api(`${platform.gatewayUrl}/api/v1`);
    api2 = new Api(`${platform.urlOf('gateway#2')}/api/v1`);
    await waitFor(
      async () =>
        ((await fetch(`${platform.gatewayUrl}/.well-known/jwks.json`).then((r) => r.json())) as { keys?: unknown[] })
          .keys?.length,
      { what: 'JWKS' },
    );
  });

  afterAll(async () => {
    await platform.stop();
  });

  async function account(tag = 'user') {
    const email = uniqueEmail(tag);
    const reg = await api.post('/auth/register', { email, password: STRONG_PASSWORD, displayName: 'Ada' });
    expect(reg.status).toBe(201);
    return { email, id: reg.body.id as string };
  }

  async function login(email: string, deviceName = 'laptop') {
    const res = await api.post('/auth/login', { email, password: STRONG_PASSWORD, deviceName });
    expect(res.status).toBe(200);
    return res.body as { accessToken: string; refreshToken: string; tokenType: string; expiresIn: number };
  }

  it('walks the whole journey: register → login → me → refresh → logout → old token refused', async () => {
    const email = uniqueEmail('journey');
    const reg = await api.post('/auth/register', {
      email: email.toUpperCase(),
      password: STRONG_PASSWORD,
      displayName: 'Grace',
    });
    expect(reg.status).toBe(201);
    expect(reg.body).toEqual({
      id: expect.any(String),
      email,
      displayName: 'Grace',
      roles: ['user'],
      createdAt: expect.any(String),
    });

    const pair = await login(email);
    expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });

    const me = await api.get('/auth/me', pair.accessToken);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: reg.body.id, email, displayName: 'Grace', roles: ['user'] });
    expect(me.body.permissions).toEqual(expect.arrayContaining(['profile:read', 'sessions:read']));

    const refreshed = await api.post('/auth/refresh', { refreshToken: pair.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(pair.refreshToken);
    expect((await api.get('/auth/me', refreshed.body.accessToken)).status).toBe(200);

    expect((await api.post('/auth/logout', {}, refreshed.body.accessToken)).status).toBe(204);
    const after = await api.get('/auth/me', refreshed.body.accessToken);
    expect(after.status).toBe(401);
    expect(after.headers.get('content-type')).toContain('application/problem+json');
    expect((await api.post('/auth/refresh', { refreshToken: refreshed.body.refreshToken })).status).toBe(401);
  });

  it('revokes the whole family when a spent refresh token comes back, and only that family', async () => {
    const { email } = await account('reuse');
    const victim = await login(email, 'phone');
    const bystander = await login(email, 'desktop');
    const next = (await api.post('/auth/refresh', { refreshToken: victim.refreshToken })).body;

    const reused = await waitFor(
      async () => {
        const r = await api.post('/auth/refresh', { refreshToken: victim.refreshToken });
        return r.status === 401 && r;
      },
      { what: 'reuse to be detected once the grace window has passed', timeoutMs: 5000, intervalMs: 200 },
    );
    expect(reused.body.code).toBe('AUTH_REFRESH_REUSED');
    expect((await api.post('/auth/refresh', { refreshToken: next.refreshToken })).status).toBe(401);
    await waitFor(async () => (await api.get('/auth/me', next.accessToken)).status === 401, {
      what: 'the family access token to die',
      timeoutMs: 1000,
    });

    const other = await api.post('/auth/refresh', { refreshToken: bystander.refreshToken });
    expect(other.status).toBe(200);
  });

  it('gives a concurrent duplicate refresh the same successor instead of killing the session', async () => {
    const { email } = await account('grace');
    const pair = await login(email);
    const [a, b] = await Promise.all([
      api.post('/auth/refresh', { refreshToken: pair.refreshToken }),
      api2.post('/auth/refresh', { refreshToken: pair.refreshToken }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.refreshToken).toBe(b.body.refreshToken);
    expect((await api.post('/auth/refresh', { refreshToken: a.body.refreshToken })).status).toBe(200);
  });

  it('kills every other session within 1 s on both gateway replicas when the password changes', async () => {
    const { email } = await account('pwchange');
    const keeper = await login(email, 'keeper');
    const other = await login(email, 'other');
    expect((await api.get('/auth/me', other.accessToken)).status).toBe(200);
    expect((await api2.get('/auth/me', other.accessToken)).status).toBe(200);

    const newPassword = 'Obsidian-Lantern-47-Meadow?';
    const changed = await api.post(
      '/auth/change-password',
      { currentPassword: STRONG_PASSWORD, newPassword },
      keeper.accessToken,
    );
    expect(changed.status).toBe(204);
    await waitFor(
      async () =>
        (await api.get('/auth/me', other.accessToken)).status === 401 &&
        (await api2.get('/auth/me', other.accessToken)).status === 401,
      {
        what: 'the other session to be refused by both replicas',
        timeoutMs: 1000,
        intervalMs: 20,
      },
    );
    expect((await api.get('/auth/me', keeper.accessToken)).status).toBe(200);
    expect((await api.post('/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(401);
    expect((await api.post('/auth/login', { email, password: newPassword })).status).toBe(200);
    expect((await api.post('/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(401);
  });

  it('refuses a logged-out token within 1 s on both gateway replicas, though each had it cached', async () => {
    const { email } = await account('logout-replicas');
    const pair = await login(email);
    // Both replicas verify it once, so each holds it in its verified-token cache.
    expect((await api.get('/auth/me', pair.accessToken)).status).toBe(200);
    expect((await api2.get('/auth/me', pair.accessToken)).status).toBe(200);
    expect((await api.post('/auth/logout', { refreshToken: pair.refreshToken }, pair.accessToken)).status).toBe(204);
    await waitFor(
      async () =>
        (await api.get('/auth/me', pair.accessToken)).status === 401 &&
        (await api2.get('/auth/me', pair.accessToken)).status === 401,
      { what: 'the logged-out token to be refused by both replicas', timeoutMs: 1000, intervalMs: 20 },
    );
  });

  it('counts authentication outcomes and durations, and verified-token cache hits, on /metrics', async () => {
    const metric = async (pattern: RegExp): Promise<number> => {
      const text = await (await fetch(`${platform.opsUrl('gateway')}/metrics`)).text();
      const line = text.split('\n').find((l) => pattern.test(l));
      return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
    };
    const okLogins = /^auth_requests_total\{[^}]*operation="login"[^}]*outcome="ok"[^}]*\} /;
    const badLogins = /^auth_requests_total\{[^}]*operation="login"[^}]*outcome="AUTH_INVALID_CREDENTIALS"[^}]*\} /;
    const timedLogins = /^auth_request_duration_seconds_count\{[^}]*operation="login"[^}]*\} /;
    const cacheHits = /^jwt_verify_cache_hits_total(\{[^}]*\})? /;
    const before = await Promise.all([okLogins, badLogins, timedLogins, cacheHits].map(metric));

    const { email } = await account('metrics');
    const pair = await login(email);
    expect((await api.post('/auth/login', { email, password: 'Not-The-Password-11!' })).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await api.get('/auth/me', pair.accessToken)).status).toBe(200);

    const after = await Promise.all([okLogins, badLogins, timedLogins, cacheHits].map(metric));
    expect(after[0] - before[0]).toBe(1);
    expect(after[1] - before[1]).toBe(1);
    expect(after[2] - before[2]).toBe(2);
    // The first /auth/me verifies the signature; the two after it come from the cache.
    expect(after[3] - before[3]).toBeGreaterThanOrEqual(2);
  });

  it('lets a third party verify an access token with a plain JOSE library and the JWKS', async () => {
    const { email, id } = await account('jwks');
    const { accessToken } = await login(email);
    const jwks = createRemoteJWKSet(new URL(`${platform.gatewayUrl}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(accessToken, jwks, {
      issuer: 'portcullis',
      audience: 'portcullis-api',
      algorithms: ['RS256'],
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    expect(payload).toMatchObject({ sub: id, roles: ['user'], sid: expect.any(String), jti: expect.any(String) });
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  describe('refuses forged and unusable tokens with 401', () => {
    let real: string;
    let kid: string;
    let claims: Record<string, unknown>;

    beforeAll(async () => {
      const { email } = await account('attack');
      real = (await login(email)).accessToken;
      const [header, body] = real
        .split('.')
        .slice(0, 2)
        .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
      kid = header.kid;
      claims = body;
    });

    const refused = async (token: string) => {
      const res = await api.get('/auth/me', token);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH_UNAUTHENTICATED');
    };

    it('alg:none', async () => {
      await refused(new UnsecuredJWT(claims).encode());
    });

    it('HS256 signed with the public key', async () => {
      const jwks = (await (await fetch(`${platform.gatewayUrl}/.well-known/jwks.json`)).json()) as {
        keys: Array<{ kid: string; n: string }>;
      };
      const publicJwk = jwks.keys.find((k) => k.kid === kid)!;
      const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid })).toString('base64url');
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      for (const secret of [JSON.stringify(publicJwk), publicJwk.n]) {
        const sig = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
        await refused(`${header}.${body}.${sig}`);
      }
    });

    it('an unknown kid, and a known kid with a signature from another key', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      await refused(
        await new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', kid: 'not-a-real-kid', typ: 'JWT' })
          .sign(privateKey),
      );
      await refused(await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey));
    });

    it('a tampered payload', async () => {
      const [h, , s] = real.split('.');
      const body = Buffer.from(JSON.stringify({ ...claims, roles: ['super_admin'] })).toString('base64url');
      await refused(`${h}.${body}.${s}`);
    });

    it('garbage and a missing token', async () => {
      await refused('not.a.jwt');
      const res = await api.get('/auth/me');
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
    });
  });

  it('locks an account after 5 failures — a real and an unknown email alike — with Retry-After, and unlocks by itself', async () => {
    const { email: real } = await account('lock');
    const unknown = uniqueEmail('ghost');
    for (const email of [real, unknown]) {
      for (let i = 0; i < 5; i++) {
        const r = await api.post('/auth/login', { email, password: 'wrong-password-here' });
        expect(r.status).toBe(401);
        expect(r.body.code).toBe('AUTH_INVALID_CREDENTIALS');
      }
      const locked = await api.post('/auth/login', { email, password: email === real ? STRONG_PASSWORD : 'x' });
      expect(locked.status).toBe(423);
      expect(locked.body.code).toBe('AUTH_ACCOUNT_LOCKED');
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    await waitFor(
      async () => (await api.post('/auth/login', { email: real, password: STRONG_PASSWORD })).status === 200,
      {
        what: 'the lock to expire',
        timeoutMs: 8000,
        intervalMs: 250,
      },
    );
  });

  it('answers the same for an unknown email and a wrong password', async () => {
    const { email } = await account('same');
    const wrong = await api.post('/auth/login', { email, password: 'Not-The-Password-1' });
    const ghost = await api.post('/auth/login', { email: uniqueEmail('nobody'), password: 'Not-The-Password-1' });
    expect(wrong.status).toBe(401);
    expect(ghost.status).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(ghost.body));
  });

  it('validates registration: weak passwords, duplicates in any case, unknown fields, huge bodies', async () => {
    for (const password of ['short', 'password123', 'aaaaaaaaaaaa']) {
      const r = await api.post('/auth/register', { email: uniqueEmail('weak'), password });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('AUTH_WEAK_PASSWORD');
    }
    const email = uniqueEmail('dupe');
    const local = email.split('@')[0];
    const containsLocal = await api.post('/auth/register', { email, password: `${local}-Zebra-Quartz-88!` });
    expect(containsLocal.body.code).toBe('AUTH_WEAK_PASSWORD');
    expect((await api.post('/auth/register', { email, password: STRONG_PASSWORD })).status).toBe(201);
    const dupe = await api.post('/auth/register', { email: email.toUpperCase(), password: STRONG_PASSWORD });
    expect(dupe.status).toBe(409);
    expect(dupe.body.code).toBe('AUTH_EMAIL_TAKEN');

    const unknownField = await api.post('/auth/register', {
      email: uniqueEmail(),
      password: STRONG_PASSWORD,
      isAdmin: true,
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: expect.arrayContaining([expect.objectContaining({ field: 'isAdmin' })]),
    });

    const huge = await postOversized(`${platform.gatewayUrl}/api/v1/auth/register`, 2 * 1024 * 1024);
    expect(huge.status).toBe(413);
  });

  it("lists own sessions with `current`, revokes one, and answers 404 for another user's session", async () => {
    const alice = await account('alice');
    const bob = await account('bob');
    const a1 = await login(alice.email, 'a1');
    const a2 = await login(alice.email, 'a2');
    const b1 = await login(bob.email, 'b1');
    const sessions = (await api.get('/auth/sessions', a1.accessToken)).body as Array<{
      id: string;
      deviceName: string;
      current: boolean;
    }>;
    expect(sessions.map((s) => s.deviceName).sort()).toEqual(['a1', 'a2']);
    expect(sessions.filter((s) => s.current).map((s) => s.deviceName)).toEqual(['a1']);

    const bobSessions = (await api.get('/auth/sessions', b1.accessToken)).body as Array<{ id: string }>;
    const probe = await api.request('DELETE', `/auth/sessions/${bobSessions[0].id}`, { token: a1.accessToken });
    expect(probe.status).toBe(404);
    expect((await api.get('/auth/me', b1.accessToken)).status).toBe(200);

    const a2Id = sessions.find((s) => s.deviceName === 'a2')!.id;
    expect((await api.request('DELETE', `/auth/sessions/${a2Id}`, { token: a1.accessToken })).status).toBe(204);
    await waitFor(async () => (await api2.get('/auth/me', a2.accessToken)).status === 401, {
      what: 'revoked session refused',
      timeoutMs: 1000,
    });
  });

  it('refuses a NUL character in an email or a device name with 400, not a 500', async () => {
    const { email } = await account('nul');
    for (const body of [
      { email: `${email}\u0000`, password: STRONG_PASSWORD },
      { email, password: STRONG_PASSWORD, deviceName: 'lap\u0000top' },
    ]) {
      const res = await api.post('/auth/login', body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect((await api.post('/auth/register', { email: `x\u0000${email}`, password: STRONG_PASSWORD })).status).toBe(
      400,
    );
  });

  it('stores only a real IP from X-Forwarded-For, whatever a client writes there', async () => {
    const { email } = await account('xff');
    const loginFrom = (forwardedFor: string, deviceName: string) =>
      api.request('POST', '/auth/login', {
        body: { email, password: STRONG_PASSWORD, deviceName },
        headers: { 'X-Forwarded-For': forwardedFor },
      });
    const forged = await loginFrom('"><svg onload=alert(1)>', 'forged');
    expect(forged.status).toBe(200);
    await loginFrom('203.0.113.9', 'real');
    const sessions = (await api.get('/auth/sessions', forged.body.accessToken)).body as Array<{
      deviceName: string;
      ip: string;
    }>;
    const ipOf = (device: string) => sessions.find((s) => s.deviceName === device)?.ip;
    // The test client is the trusted proxy (127.0.0.1): a sound forwarded address is believed, garbage is not.
    expect(ipOf('real')).toBe('203.0.113.9');
    expect(ipOf('forged')).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
  });

  it('refuses to register a look-alike of an existing account (another script, an invisible character)', async () => {
    const { email } = await account('lookalike');
    const cyrillic = email.replace(/a/g, '\u0430').replace(/o/g, '\u043e');
    expect((await api.post('/auth/register', { email: cyrillic, password: STRONG_PASSWORD })).body).toMatchObject({
      status: 409,
      code: 'AUTH_EMAIL_TAKEN',
    });
    const invisible = email.replace('@', '\u200b@');
    expect((await api.post('/auth/register', { email: invisible, password: STRONG_PASSWORD })).status).toBe(400);
  });

  it('marks responses that carry tokens or personal data Cache-Control: no-store', async () => {
    const { email } = await account('nostore');
    const res = await api.post('/auth/login', { email, password: STRONG_PASSWORD });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(
      (await api.post('/auth/refresh', { refreshToken: res.body.refreshToken })).headers.get('cache-control'),
    ).toBe('no-store');
    expect((await api.get('/auth/me', res.body.accessToken)).headers.get('cache-control')).toBe('no-store');
  });

  it('updates profile fields but never roles', async () => {
    const { email } = await account('profile');
    const { accessToken } = await login(email);
    const updated = await api.request('PUT', '/auth/profile', {
      body: { displayName: 'Lovelace' },
      token: accessToken,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ email, displayName: 'Lovelace' });
    // /auth/me is cached per user in each gateway; the change notice must reach both replicas.
    expect((await api.get('/auth/me', accessToken)).body.displayName).toBe('Lovelace');
    expect((await api2.get('/auth/me', accessToken)).body.displayName).toBe('Lovelace');
    expect(
      (await api.request('PUT', '/auth/profile', { body: { displayName: 'Byron' }, token: accessToken })).status,
    ).toBe(200);
    await waitFor(
      async () =>
        (await api.get('/auth/me', accessToken)).body.displayName === 'Byron' &&
        (await api2.get('/auth/me', accessToken)).body.displayName === 'Byron',
      {
        what: 'both replicas to show the new name',
        timeoutMs: 1000,
        intervalMs: 20,
      },
    );
    const escalate = await api.request('PUT', '/auth/profile', {
      body: { displayName: 'x', roles: ['admin'] },
      token: accessToken,
    });
    expect(escalate.status).toBe(400);
    expect((await api.get('/auth/me', accessToken)).body.roles).toEqual(['user']);
  });

  it('never shows a password, a hash or a refresh token in a log line, or in a response that does not issue it', async () => {
    const secrets = [STRONG_PASSWORD, 'Obsidian-Lantern-47-Meadow?', 'wrong-password-here', 'Not-The-Password-1'];
    const logs = platform.logs();
    for (const secret of secrets) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/\$2[aby]\$\d\d\$/);
    expect(logs).not.toMatch(/rt_[A-Za-z0-9_-]{20,}/);
    for (const seen of [...api.seen, ...api2.seen]) {
      for (const secret of secrets) expect(seen.text).not.toContain(secret);
      expect(seen.text).not.toMatch(/\$2[aby]\$\d\d\$/);
      if (!/\/auth\/(login|refresh)$/.test(seen.path)) expect(seen.text).not.toMatch(/rt_[A-Za-z0-9_-]{20,}/);
    }
  });
});
