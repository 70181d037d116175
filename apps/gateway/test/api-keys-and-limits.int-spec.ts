import { OwnDatabase, Platform, testEnv, waitFor } from '@portcullis/testing';

jest.setTimeout(180_000);

const ADMIN_EMAIL = 'keys.int.admin@example.test';
const ADMIN_PASSWORD = 'Root-Granite-Lighthouse-71!';
const PASSWORD = 'Vermilion-Tapestry-93-Orbit!';

/**
 * Two gateway replicas on one Redis: they share one rate-limit budget, both stop a revoked key
 * within a second, and each keeps a recently verified key working from its cache (marked degraded)
 * while the token app is SIGKILLed, while still refusing a key it never verified.
 */
describe('API keys and limits across two gateway replicas', () => {
  const env = testEnv('keys-int');
  const database = new OwnDatabase(env.DATABASE_URL, 'keys_int');
  const platform = new Platform(
    { ...env, DATABASE_URL: database.url },
    {
      BCRYPT_COST: '4',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      RATE_LIMIT_TIERS: 'true',
      // Short, so the stale path is reached in a second rather than half a minute.
      API_KEY_CACHE_SECONDS: '1',
      API_KEY_VERIFY_TIMEOUT_MS: '2000', // long enough for a first verification on a loaded CI machine
      STALE_TOLERANCE_SECONDS: '120',
      // Short too, so a user view expires during the user-app outage below.
      USER_VIEW_TTL_SECONDS: '1',
    },
  );
  const gateways = ['gateway', 'gateway#2'];
  let admin: string;
  let ipSeq = 0;

  async function req(
    gateway: string,
    method: string,
    path: string,
    o: { token?: string; key?: string; body?: unknown; ip?: string } = {},
  ) {
    const headers: Record<string, string> = { 'x-forwarded-for': o.ip ?? '192.0.2.1' };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.key) headers['x-api-key'] = o.key;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${platform.urlOf(gateway)}/api/v1${path}`, {
      method,
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text ? JSON.parse(text) : undefined) as Record<string, any>,
    };
  }

  async function user() {
    const ip = `192.0.2.${++ipSeq + 10}`;
    const email = `keys.int.${Date.now()}.${ipSeq}@example.test`;
    const { body } = await req('gateway', 'POST', '/auth/register', { body: { email, password: PASSWORD }, ip });
    const login = await req('gateway', 'POST', '/auth/login', { body: { email, password: PASSWORD }, ip });
    return { id: body.id as string, token: login.body.accessToken as string, ip };
  }

  beforeAll(async () => {
    await database.create();
    for (const app of ['user', 'token', 'security', 'auth', ...gateways]) await platform.startOne(app);
    admin = (await req('gateway', 'POST', '/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } }))
      .body.accessToken;
  });

  afterAll(async () => {
    await platform.stop();
    await database.drop();
  });

  it('share one budget: a user limited to 4 a minute gets 4 answers in all from the two replicas, not 4 from each', async () => {
    expect(
      (
        await req('gateway', 'PUT', '/admin/rate-limits', {
          token: admin,
          body: { policies: [{ name: 'user:user', limit: 4, windowSeconds: 60 }] },
        })
      ).status,
    ).toBe(200);
    const probe = await user();
    for (const gateway of gateways) {
      await waitFor(
        async () =>
          (await req(gateway, 'GET', '/auth/me', { token: probe.token, ip: probe.ip })).headers
            .get('ratelimit-policy')
            ?.includes('"user:user";q=4'),
        {
          what: `${gateway} to apply the new policy`,
        },
      );
    }
    const counted = await user();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await req(gateways[i % 2], 'GET', '/auth/me', { token: counted.token, ip: counted.ip })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
    await req('gateway', 'PUT', '/admin/rate-limits', {
      token: admin,
      body: { policies: [{ name: 'user:user', limit: 300, windowSeconds: 60 }] },
    });
  });

  it('stop a revoked key within 1 s on both replicas', async () => {
    const owner = await user();
    const created = await req('gateway', 'POST', '/api-keys', {
      token: owner.token,
      ip: owner.ip,
      body: { name: 'revoke-me', environment: 'live', scopes: ['profile:read'] },
    });
    const key = created.body.key as string;
    for (const gateway of gateways)
      expect((await req(gateway, 'GET', '/auth/me', { key, ip: owner.ip })).status).toBe(200);
    expect(
      (await req('gateway', 'DELETE', `/api-keys/${created.body.id}`, { token: owner.token, ip: owner.ip })).status,
    ).toBe(204);
    const revokedAt = Date.now();
    for (const gateway of gateways) {
      await waitFor(async () => (await req(gateway, 'GET', '/auth/me', { key, ip: owner.ip })).status === 401, {
        timeoutMs: 1000,
        intervalMs: 20,
        what: `${gateway} to refuse the key`,
      });
    }
    expect(Date.now() - revokedAt).toBeLessThan(1000);
    const refused = await req('gateway#2', 'GET', '/auth/me', { key, ip: owner.ip });
    expect(refused.body.code).toBe('AUTH_INVALID_API_KEY');
  });

  it('keep a recently verified key working from cache while the token app is killed (SIGKILL), never an unknown key', async () => {
    const owner = await user();
    const { key } = (
      await req('gateway', 'POST', '/api-keys', {
        token: owner.token,
        ip: owner.ip,
        body: { name: 'stale', environment: 'live', scopes: ['profile:read'] },
      })
    ).body;
    const fresh = await req('gateway', 'GET', '/auth/me', { key, ip: owner.ip });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-portcullis-degraded')).toBeNull();
    await platform.process('token').stop('SIGKILL');

    const degraded = await waitFor(
      async () => {
        const res = await req('gateway', 'GET', '/auth/me', { key, ip: owner.ip });
        return res.status === 200 && res.headers.get('x-portcullis-degraded') === 'stale-cache' ? res : undefined;
      },
      { timeoutMs: 15_000, what: 'the cached key to be served stale' },
    );
    expect(degraded.body.id).toBe(owner.id);
    const unknown = await req('gateway', 'GET', '/auth/me', { key: `pk_live_${'Z'.repeat(55)}`, ip: owner.ip });
    expect(unknown.status).toBe(503);
    expect(unknown.body.code).toBe('SERVICE_UNAVAILABLE');

    // Then the user app too: once the owner's view is past its TTL, the one loaded minutes ago serves.
    await platform.process('user').stop('SIGKILL');
    const killedAt = Date.now();
    const viewStale = await waitFor(
      async () => {
        const res = await req('gateway', 'GET', '/auth/me', { key, ip: owner.ip });
        const pastTtl = Date.now() - killedAt > 2_000;
        return pastTtl && res.status === 200 && res.headers.get('x-portcullis-degraded') === 'stale-cache'
          ? res
          : undefined;
      },
      { timeoutMs: 30_000, what: "the owner's view to be served stale with the user app down" },
    );
    expect(viewStale.body.permissions).toEqual(['profile:read']);
  });
});
