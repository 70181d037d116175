import { OwnDatabase, Platform, testEnv, waitFor } from '@portcullis/testing';
import { Api, ApiResponse, STRONG_PASSWORD, uniqueEmail } from './support/api';

jest.setTimeout(180_000);

const ADMIN_EMAIL = uniqueEmail('root');
const ADMIN_PASSWORD = 'Root-Granite-Lighthouse-71!';
const KEY_SHAPE = /^pk_(live|test)_[0-9A-Za-z]{55}$/;

let ipSeq = 0;
/** The gateway believes X-Forwarded-For from 127.0.0.1, so each client here gets an address (and an IP budget) of its own. */
const freshIp = () => `198.51.100.${++ipSeq}`;

describe('API keys, /tokens and rate limits at every tier', () => {
  const env = testEnv('e2e-keys');
  const database = new OwnDatabase(env.DATABASE_URL, 'keys');
  const platform = new Platform(
    { ...env, DATABASE_URL: database.url },
    {
      BCRYPT_COST: '4',
      IP_FAILURE_LIMIT: '10000',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      RATE_LIMIT_TIERS: 'true',
      API_KEY_PEPPER: 'e2e-pepper-0123456789',
    },
  );
  let api: Api;
  /** The gateway's own root, outside /api/v1: `GET /` needs no token. */
  let site: Api;
  let root: string;
  const rootIp = freshIp();

  const call = (
    method: string,
    path: string,
    o: { token?: string; key?: string; body?: unknown; ip?: string; base?: Api } = {},
  ) =>
    (o.base ?? api).request(method, path, {
      token: o.token,
      body: o.body,
      headers: { 'x-forwarded-for': o.ip ?? rootIp, ...(o.key ? { 'x-api-key': o.key } : {}) },
    });

  beforeAll(async () => {
    await database.create();
    // One at a time: on a loaded machine five apps starting at once can each miss the ready deadline.
    for (const app of ['user', 'token', 'security', 'auth', 'gateway']) await platform.startOne(app);
    api = new Api(`${platform.gatewayUrl}/api/v1`);
    site = new Api(platform.gatewayUrl);
    root = (await call('POST', '/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } })).body
      .accessToken;
    expect(root).toEqual(expect.any(String));
  });

  afterAll(async () => {
    await platform.stop();
    await database.drop();
  });

  async function member(roles?: string[]) {
    const email = uniqueEmail('keys');
    const ip = freshIp();
    const { body } = await call('POST', '/auth/register', { body: { email, password: STRONG_PASSWORD }, ip });
    if (roles)
      expect((await call('PATCH', `/admin/users/${body.id}`, { body: { roles }, token: root })).status).toBe(200);
    const login = await call('POST', '/auth/login', { body: { email, password: STRONG_PASSWORD }, ip });
    return { id: body.id as string, token: login.body.accessToken as string, ip };
  }

  /** Changes tier policies and waits until the gateway applies them (its cache reloads on the security app's broadcast). */
  async function setPolicies(policies: Array<{ name: string; limit: number; windowSeconds: number }>) {
    const put = await call('PUT', '/admin/rate-limits', { token: root, body: { policies } });
    expect(put.status).toBe(200);
  }

  /**
   * Puts a tier policy back (per minute) and waits until the gateway applies it: it does on the
   * security app's broadcast, and until then the test's tight limit would still refuse the next
   * test's first request on a loaded machine. `GET /` answers with the ip and global policies.
   */
  async function restorePolicy(name: 'ip' | 'global', limit: number) {
    await waitFor(
      async () =>
        (
          await call('PUT', '/admin/rate-limits', {
            token: root,
            body: { policies: [{ name, limit, windowSeconds: 60 }] },
          })
        ).status === 200,
      { what: `the ${name} policy to be restored` },
    );
    await waitFor(
      async () => {
        const res = await call('GET', '/', { ip: freshIp(), base: site });
        return res.status === 200 && res.headers.get('ratelimit-policy')?.includes(`"${name}";q=${limit}`);
      },
      { what: `the gateway to apply the restored ${name} policy` },
    );
  }

  function expectLimitHeaders(res: ApiResponse, policy: string) {
    expect(res.headers.get('ratelimit-policy')).toContain(`"${policy}";q=`);
    expect(res.headers.get('ratelimit')).toMatch(/^"[^"]+";r=\d+;t=\d+$/);
    for (const h of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'])
      expect(res.headers.get(h)).toMatch(/^\d+$/);
  }

  function expect429(res: ApiResponse, policy: string) {
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get('ratelimit')).toContain(`"${policy}";r=0;`);
    expectLimitHeaders(res, policy);
  }

  describe('keys', () => {
    it('creates a key shown once, lists and reads it without the secret, rolls it, revokes it', async () => {
      const owner = await member();
      const created = await call('POST', '/api-keys', {
        token: owner.token,
        ip: owner.ip,
        body: { name: 'ci', environment: 'live', scopes: ['profile:read'], quota: { limit: 100, refill: 'daily' } },
      });
      expect(created.status).toBe(201);
      expect(created.body.key).toMatch(KEY_SHAPE);
      expect(created.body).toMatchObject({
        name: 'ci',
        environment: 'live',
        scopes: ['profile:read'],
        revokedAt: null,
      });
      const id = created.body.id as string;

      const listed = await call('GET', '/api-keys', { token: owner.token, ip: owner.ip });
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual([
        expect.objectContaining({ id, prefix: created.body.key.slice(0, 20), remaining: 100 }),
      ]);
      expect(listed.text).not.toContain(created.body.key);
      const one = await call('GET', `/api-keys/${id}`, { token: owner.token, ip: owner.ip });
      expect(one.body).toMatchObject({ id, remaining: 100, quota: { limit: 100, refill: 'daily' } });
      expect(one.body.key).toBeUndefined();

      const stranger = await member();
      expect((await call('GET', `/api-keys/${id}`, { token: stranger.token, ip: stranger.ip })).body.code).toBe(
        'API_KEY_NOT_FOUND',
      );

      const exchangedBefore = (await call('POST', '/tokens', { key: created.body.key, ip: owner.ip })).body
        .accessToken as string;
      expect((await call('GET', '/auth/me', { token: exchangedBefore, ip: owner.ip })).status).toBe(200);
      const rolled = await call('POST', `/api-keys/${id}/roll`, {
        token: owner.token,
        ip: owner.ip,
        body: { graceSeconds: 60 },
      });
      expect(rolled.status).toBe(200);
      expect(rolled.body.key).toMatch(KEY_SHAPE);
      expect(rolled.body.key).not.toBe(created.body.key);
      expect(rolled.body.previousSecretExpiresAt).toEqual(expect.any(String));
      const afterRoll: string[] = [];
      for (const key of [created.body.key, rolled.body.key]) {
        const exchanged = await call('POST', '/tokens', { key, ip: owner.ip });
        expect(exchanged.status).toBe(200);
        afterRoll.push(exchanged.body.accessToken as string);
      }
      // A token exchanged before the roll ends with it (on every gateway within a second); those
      // exchanged after it, for either secret, work (the old secret's until its grace ends).
      await waitFor(
        async () => (await call('GET', '/auth/me', { token: exchangedBefore, ip: owner.ip })).status === 401,
        { timeoutMs: 1000, what: 'the token exchanged before the roll to be refused' },
      );
      for (const token of afterRoll) expect((await call('GET', '/auth/me', { token, ip: owner.ip })).status).toBe(200);

      expect((await call('DELETE', `/api-keys/${id}`, { token: owner.token, ip: owner.ip })).status).toBe(204);
      for (const key of [created.body.key, rolled.body.key]) {
        const refused = await call('POST', '/tokens', { key, ip: owner.ip });
        expect(refused.status).toBe(401);
        expect(refused.body.code).toBe('AUTH_INVALID_API_KEY');
      }
      expect((await call('GET', `/api-keys/${id}`, { token: owner.token, ip: owner.ip })).body.revokedAt).toEqual(
        expect.any(String),
      );
    });

    it("holds a key to its scopes when it manages keys: no wider key, and an admin's narrow key sees only its owner's", async () => {
      const owner = await member();
      const manager = (
        await call('POST', '/api-keys', {
          token: owner.token,
          ip: owner.ip,
          body: { name: 'manager', environment: 'test', scopes: ['api-keys:write', 'api-keys:read'] },
        })
      ).body.key as string;
      const child = await call('POST', '/api-keys', {
        key: manager,
        ip: owner.ip,
        body: { name: 'child', environment: 'test' },
      });
      expect(child.status).toBe(201);
      expect(child.body.scopes).toEqual(['api-keys:read', 'api-keys:write']);
      const wider = await call('POST', '/api-keys', {
        key: manager,
        ip: owner.ip,
        body: { name: 'wider', environment: 'test', scopes: ['profile:read'] },
      });
      expect(wider.status).toBe(400);
      expect(wider.body.code).toBe('API_KEY_SCOPE_FORBIDDEN');
      // Nor can it roll a wider key of the same owner: the roll would hand it that key's new secret.
      const everything = (
        await call('POST', '/api-keys', {
          token: owner.token,
          ip: owner.ip,
          body: { name: 'all', environment: 'test' },
        })
      ).body as { id: string };
      const rolled = await call('POST', `/api-keys/${everything.id}/roll`, { key: manager, ip: owner.ip, body: {} });
      expect(rolled.status).toBe(400);
      expect(rolled.body.code).toBe('API_KEY_SCOPE_FORBIDDEN');
      expect(rolled.text).not.toContain('pk_');

      // An admin's key without api-keys:scope-all in its scopes is no admin: the owner's keys are not its to read.
      const adminKey = (
        await call('POST', '/api-keys', {
          token: root,
          body: { name: 'narrow', environment: 'test', scopes: ['api-keys:read'] },
        })
      ).body.key as string;
      expect((await call('GET', `/api-keys?userId=${owner.id}`, { token: root })).status).toBe(200);
      expect((await call('GET', `/api-keys?userId=${owner.id}`, { key: adminKey })).status).toBe(403);
      expect((await call('GET', `/api-keys/${child.body.id}`, { key: adminKey })).status).toBe(404);
    });

    it('validates the body, naming the field', async () => {
      const owner = await member();
      const bad = await call('POST', '/api-keys', {
        token: owner.token,
        ip: owner.ip,
        body: { name: 'x', environment: 'prod' },
      });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('environment');
      const quota = await call('POST', '/api-keys', {
        token: owner.token,
        ip: owner.ip,
        body: { name: 'x', environment: 'test', quota: { limit: 5, refill: 'hourly' } },
      });
      expect(quota.status).toBe(400);
      expect(quota.text).toContain('refill');
      const scope = await call('POST', '/api-keys', {
        token: owner.token,
        ip: owner.ip,
        body: { name: 'x', environment: 'test', scopes: ['users:write'] },
      });
      expect(scope.status).toBe(400);
      expect(scope.body.code).toBe('API_KEY_SCOPE_FORBIDDEN');
    });
  });

  describe('/tokens', () => {
    it('exchanges a key (POST and GET) for a short-lived token of its owner, limited to the key scopes, as /auth/me shows', async () => {
      const owner = await member();
      const { key } = (
        await call('POST', '/api-keys', {
          token: owner.token,
          ip: owner.ip,
          body: { name: 'exchange', environment: 'test', scopes: ['profile:read'] },
        })
      ).body;
      for (const method of ['POST', 'GET']) {
        const res = await call(method, '/tokens', { key, ip: owner.ip });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          accessToken: expect.any(String),
          tokenType: 'Bearer',
          expiresIn: expect.any(Number),
        });
        expect(res.text).not.toContain(key);
        const claims = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString());
        expect(claims).toMatchObject({ sub: owner.id, scope: 'profile:read' });
        // What the credential may do (DESIGN: effective permissions), not everything its owner may.
        const me = await call('GET', '/auth/me', { token: res.body.accessToken, ip: owner.ip });
        expect(me.body).toMatchObject({ id: owner.id, permissions: ['profile:read'] });
      }
      const byKey = await call('GET', '/auth/me', { key, ip: owner.ip });
      expect(byKey.body).toMatchObject({ id: owner.id, permissions: ['profile:read'] });
      const byOwner = await call('GET', '/auth/me', { token: owner.token, ip: owner.ip });
      expect(byOwner.body.permissions).toEqual(
        expect.arrayContaining(['profile:read', 'profile:write', 'api-keys:write']),
      );
      // The key also sitting in the URL has leaked: no token for it, though the header is good.
      const leaked = await call('POST', `/tokens?ref=${key}`, { key, ip: owner.ip });
      expect(leaked.status).toBe(401);
      expect(leaked.body.code).toBe('AUTH_INVALID_API_KEY');
      expect(leaked.text).not.toContain(key);
    });

    it("ends what a disabled owner's keys authenticate within a second: the key, and tokens exchanged for it", async () => {
      const owner = await member();
      const { key, id } = (
        await call('POST', '/api-keys', {
          token: owner.token,
          ip: owner.ip,
          body: { name: 'disabled', environment: 'test', scopes: ['profile:read'] },
        })
      ).body;
      const exchanged = (await call('POST', '/tokens', { key, ip: owner.ip })).body.accessToken as string;
      expect((await call('GET', '/auth/me', { token: exchanged, ip: owner.ip })).status).toBe(200);
      // Only its owner may roll it: an admin holding the new secret would act as them.
      expect((await call('POST', `/api-keys/${id}/roll`, { token: root, body: {} })).status).toBe(404);

      expect((await call('PATCH', `/admin/users/${owner.id}`, { body: { isActive: false }, token: root })).status).toBe(
        200,
      );
      // No login session covers the exchanged token (its sid is the key): the owner's view refuses it.
      const refused = await waitFor(
        async () => {
          const res = await call('GET', '/auth/me', { token: exchanged, ip: owner.ip });
          return res.status === 200 ? undefined : res;
        },
        { timeoutMs: 1000, what: "the disabled owner's exchanged token to be refused" },
      );
      expect([refused.status, refused.body.code]).toEqual([403, 'AUTH_ACCOUNT_DISABLED']);
      await waitFor(async () => (await call('GET', '/auth/me', { key, ip: owner.ip })).status === 401, {
        timeoutMs: 1000,
        what: "the disabled owner's key to be refused",
      });
    });

    it('refuses malformed, unknown and missing keys alike (401 AUTH_INVALID_API_KEY), and any key in the query string', async () => {
      const ip = freshIp();
      for (const key of ['nope', `pk_live_${'A'.repeat(55)}`, undefined]) {
        const res = await call('POST', '/tokens', { key, ip });
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('AUTH_INVALID_API_KEY');
      }
      const leaked = await call('GET', `/tokens?api_key=pk_live_${'A'.repeat(55)}`, { ip });
      expect(leaked.status).toBe(401);
      expect(leaked.body.code).toBe('AUTH_INVALID_API_KEY');
      expect(leaked.text).toContain('api_key');
      expect(leaked.text).not.toContain('A'.repeat(55));
    });
  });

  describe('rate limits (429 RATE_LIMITED with Retry-After and the IETF headers)', () => {
    it('answers every request with the headers of the limits that applied', async () => {
      const owner = await member();
      const res = await call('GET', '/auth/me', { token: owner.token, ip: owner.ip });
      expect(res.status).toBe(200);
      expectLimitHeaders(res, 'user:user');
      expect(res.headers.get('ratelimit-policy')).toContain('"ip";q=');
      expect(res.headers.get('ratelimit-policy')).toContain('"global";q=');
    });

    it('user tier by role: a user is held to user:user while a developer is not', async () => {
      const user = await member();
      const developer = await member(['developer']);
      await setPolicies([{ name: 'user:user', limit: 3, windowSeconds: 60 }]);
      try {
        const refused = await waitFor(
          async () => {
            const res = await call('GET', '/auth/me', { token: user.token, ip: user.ip });
            return res.status === 429 ? res : undefined;
          },
          { what: 'user:user to refuse' },
        );
        expect429(refused, 'user:user');
        for (let i = 0; i < 5; i++)
          expect((await call('GET', '/auth/me', { token: developer.token, ip: developer.ip })).status).toBe(200);
      } finally {
        await setPolicies([{ name: 'user:user', limit: 300, windowSeconds: 60 }]);
        // Applied on the security app's broadcast: later tests' users must not meet the 3 a minute.
        await waitFor(
          async () =>
            (await call('GET', '/auth/me', { token: user.token, ip: user.ip })).headers
              .get('ratelimit-policy')
              ?.includes('"user:user";q=300'),
          { what: 'the gateway to apply the restored user:user policy' },
        );
      }
    });

    it('per IP, whoever calls', async () => {
      await setPolicies([{ name: 'ip', limit: 4, windowSeconds: 2 }]);
      try {
        const ip = freshIp();
        const refused = await waitFor(
          async () => {
            const res = await call('GET', '/', { ip, base: site });
            return res.status === 429 ? res : undefined;
          },
          { what: 'the ip policy to refuse' },
        );
        expect429(refused, 'ip');
        expect((await call('GET', '/', { ip: freshIp(), base: site })).status).toBe(200);

        // Failed authentication counts too: guessing tokens from one address ends in 429, not endless 401s.
        const guesser = freshIp();
        const statuses: number[] = [];
        const throttled = await waitFor(
          async () => {
            const res = await call('GET', '/auth/me', { token: `guess.${statuses.length}.x`, ip: guesser });
            statuses.push(res.status);
            return res.status === 429 ? res : undefined;
          },
          { what: 'token guesses to be throttled' },
        );
        expect429(throttled, 'ip');
        expect(statuses[0]).toBe(401);
        expect(new Set(statuses)).toEqual(new Set([401, 429]));

        // The token endpoint answers in OAuth's form (RFC 6749 §5.2), and its 429 still says RATE_LIMITED.
        const exchanger = freshIp();
        const grants: number[] = [];
        const limitedGrant = await waitFor(
          async () => {
            const res = await call('POST', '/oauth/token', {
              ip: exchanger,
              body: {
                grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
                subject_token: `guess.${grants.length}.x`,
                subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
              },
            });
            grants.push(res.status);
            return res.status === 429 ? res : undefined;
          },
          { what: 'token exchanges to be throttled' },
        );
        expect(grants[0]).toBe(400);
        expect(limitedGrant.body).toEqual({
          error: 'temporarily_unavailable',
          error_description: expect.any(String),
          code: 'RATE_LIMITED',
        });
        expect(Number(limitedGrant.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(limitedGrant.headers.get('ratelimit')).toContain('"ip";r=0;');
        expectLimitHeaders(limitedGrant, 'ip');
      } finally {
        await restorePolicy('ip', 600);
      }
    });

    it('believes X-Forwarded-For only from a trusted proxy: behind any other peer, the peer is the client', async () => {
      // 127.0.0.1 (every test client) is not among this gateway's proxies.
      await platform.startOne('gateway#untrusted', { TRUSTED_PROXIES: '10.0.0.1' });
      const untrusted = new Api(platform.urlOf('gateway#untrusted'));
      await setPolicies([{ name: 'ip', limit: 4, windowSeconds: 2 }]);
      try {
        // Each request names another client; all of them are counted as the one peer, and refused.
        const refused = await waitFor(
          async () => {
            const res = await untrusted.request('GET', '/', { headers: { 'x-forwarded-for': freshIp() } });
            return res.status === 429 ? res : undefined;
          },
          { what: 'made-up client addresses to share their peer’s limit' },
        );
        expect429(refused, 'ip');
        // The trusted gateway, meanwhile, takes the header's client: a fresh address is a fresh client.
        expect((await call('GET', '/', { ip: freshIp(), base: site })).status).toBe(200);
      } finally {
        await platform.process('gateway#untrusted').stop();
        await restorePolicy('ip', 600);
      }
    });

    it('an API key on any route: its own rate limit, then its quota (remaining 0 in GET), each a 429 with the headers', async () => {
      const owner = await member();
      const create = (body: object) =>
        call('POST', '/api-keys', {
          token: owner.token,
          ip: owner.ip,
          body: { environment: 'test', scopes: ['profile:read'], ...body },
        });
      const rated = (await create({ name: 'rated', rateLimit: { limit: 2, windowSeconds: 60 } })).body;
      const me = (key: string) => call('GET', '/auth/me', { key, ip: owner.ip });
      expect([(await me(rated.key)).status, (await me(rated.key)).status]).toEqual([200, 200]);
      expect429(await me(rated.key), 'api-key');

      // A token exchanged for a key spends the key's budget, not its owner's tier: POST /tokens is no way around it.
      const exchanged = (await create({ name: 'exchanged', rateLimit: { limit: 2, windowSeconds: 60 } })).body;
      const token = (await call('POST', '/tokens', { key: exchanged.key, ip: owner.ip })).body.accessToken as string;
      const meByToken = () => call('GET', '/auth/me', { token, ip: owner.ip });
      expect([(await meByToken()).status, (await meByToken()).status]).toEqual([200, 200]);
      expect429(await meByToken(), 'api-key');
      expect429(await me(exchanged.key), 'api-key');

      const quota = (await create({ name: 'quota', quota: { limit: 2, refill: 'daily' } })).body;
      const first = await me(quota.key);
      expect(first.status).toBe(200);
      expect(first.body.id).toBe(owner.id);
      expect((await me(quota.key)).status).toBe(200);
      expect429(await me(quota.key), 'api-key-quota');
      expect((await call('GET', `/api-keys/${quota.id}`, { token: owner.token, ip: owner.ip })).body.remaining).toBe(0);
    });

    it('an API key without a limit of its own: the api-key tier, per key', async () => {
      const owner = await member();
      const create = async (name: string) =>
        (
          await call('POST', '/api-keys', {
            token: owner.token,
            ip: owner.ip,
            body: { name, environment: 'test', scopes: ['profile:read'] },
          })
        ).body as { key: string };
      const [tiered, other] = [await create('tiered'), await create('other')];
      const me = (key: string) => call('GET', '/auth/me', { key, ip: owner.ip });
      await setPolicies([{ name: 'api-key', limit: 3, windowSeconds: 60 }]);
      try {
        // Applied on the security app's broadcast: poll until the key meets the 3 a minute.
        const refused = await waitFor(
          async () => {
            const res = await me(tiered.key);
            return res.status === 429 ? res : undefined;
          },
          { what: 'the api-key tier to refuse' },
        );
        expect429(refused, 'api-key');
        expect(refused.headers.get('ratelimit-policy')).toContain('"api-key";q=3;w=60');
        // Counted per key: the owner's other key, and the owner's own token, still get through.
        expect((await me(other.key)).status).toBe(200);
        expect((await call('GET', '/auth/me', { token: owner.token, ip: owner.ip })).status).toBe(200);
      } finally {
        await setPolicies([{ name: 'api-key', limit: 600, windowSeconds: 60 }]);
        await waitFor(async () => (await me(other.key)).headers.get('ratelimit-policy')?.includes('"api-key";q=600'), {
          what: 'the gateway to apply the restored api-key policy',
        });
      }
    });

    it("a key's own quota shows in GET as remaining", async () => {
      const owner = await member();
      const { id } = (
        await call('POST', '/api-keys', {
          token: owner.token,
          ip: owner.ip,
          body: { name: 'q', environment: 'test', quota: { limit: 2, refill: 'monthly' } },
        })
      ).body;
      expect((await call('GET', `/api-keys/${id}`, { token: owner.token, ip: owner.ip })).body.remaining).toBe(2);
    });

    it('global ceiling over every client', async () => {
      await setPolicies([{ name: 'global', limit: 5, windowSeconds: 2 }]);
      try {
        const refused = await waitFor(
          async () => {
            const res = await call('GET', '/', { ip: freshIp(), base: site });
            return res.status === 429 ? res : undefined;
          },
          { what: 'the global policy to refuse' },
        );
        expect429(refused, 'global');
      } finally {
        await restorePolicy('global', 100_000);
      }
    });

    it('admins read and change the policies; others may not; bad input names the field', async () => {
      const listed = await call('GET', '/admin/rate-limits', { token: root });
      expect(listed.status).toBe(200);
      expect(listed.body.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['ip', 'user:guest', 'user:admin', 'api-key', 'agent', 'upstream', 'global']),
      );
      const user = await member();
      expect((await call('GET', '/admin/rate-limits', { token: user.token, ip: user.ip })).status).toBe(403);
      const bad = await call('PUT', '/admin/rate-limits', {
        token: root,
        body: { policies: [{ name: 'ip', limit: 0, windowSeconds: 60 }] },
      });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('limit');
    });
  });
});
