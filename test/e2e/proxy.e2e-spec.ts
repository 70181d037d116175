import { freePort, OwnDatabase, Platform, testEnv, waitFor } from '@portcullis/testing';
import { readFileSync } from 'fs';
import { request } from 'http';
import { connect } from 'net';
import { Readable } from 'stream';
import { Api, STRONG_PASSWORD, uniqueEmail } from './support/api';
import { Upstream } from './support/upstream';

jest.setTimeout(120_000);

const ADMIN_EMAIL = uniqueEmail('proxy-admin');
const ADMIN_PASSWORD = 'Cobalt-Juniper-Ferry-64!';
const UPSTREAM_TOKEN = 'upstream-secret-token-9f2c';

/** Resident memory of a process, in MiB (Linux). */
function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(/(\d+)/.exec(line)![1]) / 1024;
}

/** Samples a process's RSS every 20 ms while `work` runs; returns the peak growth over the start, in MiB. */
async function peakGrowth(pid: number, work: () => Promise<void>): Promise<number> {
  const start = rssMiB(pid);
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 20);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rssMiB(pid)) - start;
}

/** POSTs `mib` MiB generated on the fly (never held in memory) and returns the status and body. */
function upload(url: string, token: string, mib: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 97);
    let left = mib * 16;
    const body = new Readable({ read: () => (left-- > 0 ? body.push(chunk) : body.push(null)) });
    const req = request(
      url,
      { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    body.pipe(req);
  });
}

/**
 * A request sent byte for byte with node:http: fetch's URL parser would resolve `%2e%2e` itself,
 * and fetch refuses to send a Connection header.
 */
function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: any }> {
  // The request target as written: a URL parser would also drop a `#…` (a fragment) before sending.
  const { protocol, host, pathname, search } = new URL(url.replace('#', '%FRAGMENT%'));
  const path = `${pathname}${search}`.replace('%FRAGMENT%', '#');
  return new Promise((resolve, reject) => {
    const target = { protocol, host: host.split(':')[0], port: host.split(':')[1], path };
    const req = request({ ...target, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode!, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('upstream APIs and the proxy', () => {
  const env = testEnv('e2e-proxy');
  const database = new OwnDatabase(env.DATABASE_URL, 'proxy');
  const platform = new Platform(
    { ...env, DATABASE_URL: database.url },
    {
      BCRYPT_COST: '4',
      IP_FAILURE_LIMIT: '10000',
      ALLOW_PRIVATE_TARGETS: 'true',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      PROXY_BREAKER_MIN_CALLS: '4',
      PROXY_BREAKER_RESET_MS: '700',
      USAGE_FLUSH_MS: '100',
    },
  );
  const upstream = new Upstream();
  let api: Api;
  let admin: string;

  beforeAll(async () => {
    await database.create();
    await upstream.start();
    // One at a time: on a loaded machine five cold starts at once can outlast the ready timeout.
    for (const app of ['user', 'token', 'security', 'auth', 'agent-capability', 'gateway'])
      await platform.startOne(app);
    api = new Api(`${platform.gatewayUrl}/api/v1`);
    admin = await api.accessToken(ADMIN_EMAIL, ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await platform.stop();
    await upstream.stop();
    await database.drop();
  });

  async function developer() {
    const email = uniqueEmail('dev');
    const { body } = await api.post('/auth/register', { email, password: STRONG_PASSWORD });
    expect(
      (await api.request('PATCH', `/admin/users/${body.id}`, { body: { roles: ['developer'] }, token: admin })).status,
    ).toBe(200);
    const token = (await api.post('/auth/login', { email, password: STRONG_PASSWORD })).body.accessToken as string;
    return { id: body.id as string, token };
  }

  /** Waits until the API's usage holds exactly one sample (written off the request path), and names its status. */
  async function statusesOfOneSample(id: string, token: string): Promise<string[]> {
    const byStatus = await waitFor(
      async () => {
        const res = await api.get(`/apis/${id}/usage?groupBy=status`, token);
        return res.body.total?.count === 1 ? res.body : null;
      },
      { what: `one usage sample of API ${id}` },
    );
    return byStatus.groups.map((g: { key: string }) => g.key);
  }

  async function register(token: string, extra: Record<string, unknown> = {}) {
    const res = await api.post(
      '/apis',
      {
        name: 'echo',
        baseUrl: `${upstream.origin}/base`,
        authType: 'bearer',
        authConfig: { token: UPSTREAM_TOKEN },
        ...extra,
      },
      token,
    );
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it('registers an API owner-scoped, never showing its secret, and refuses bad base URLs naming the reason', async () => {
    const alice = await developer();
    const bob = await developer();
    const res = await api.post(
      '/apis',
      {
        name: 'hdr',
        baseUrl: `${upstream.origin}/v1/`,
        authType: 'header',
        authConfig: { name: 'X-Upstream-Key', value: 'sekrit-value' },
        rateLimit: { limit: 5, windowSeconds: 60 },
        routes: [{ method: 'GET', path: '/users/:id' }],
      },
      alice.token,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      baseUrl: `${upstream.origin}/v1`,
      authType: 'header',
      authConfig: { name: 'X-Upstream-Key' },
      rateLimit: { limit: 5, windowSeconds: 60 },
    });
    expect((await api.get(`/apis/${res.body.id}`, alice.token)).status).toBe(200);
    expect((await api.get(`/apis/${res.body.id}`, bob.token)).body.code).toBe('API_NOT_FOUND');
    expect((await api.get('/apis', bob.token)).body.total).toBe(0);
    expect((await api.get(`/apis/${res.body.id}`, admin)).status).toBe(200);
    const put = await api.request('PUT', `/apis/${res.body.id}`, {
      body: { name: 'renamed', baseUrl: upstream.origin, authType: 'header' },
      token: alice.token,
    });
    expect(put.body).toMatchObject({ name: 'renamed', authConfig: { name: 'X-Upstream-Key' } });
    expect(api.seen.map((s) => s.text).join()).not.toContain('sekrit-value');

    for (const [baseUrl, code] of [
      ['http://user:pw@example.com', 'API_INVALID'],
      ['ftp://example.com', 'API_INVALID'],
      ['http://169.254.169.254/latest', 'API_URL_FORBIDDEN'],
      ['http://example.com/?q=1', 'API_INVALID'],
    ]) {
      const bad = await api.post('/apis', { name: 'bad', baseUrl, authType: 'none' }, alice.token);
      expect([bad.status, bad.body.code, bad.body.errors?.[0]?.field ?? bad.body.details?.errors?.[0]?.field]).toEqual([
        400,
        code,
        'baseUrl',
      ]);
    }
    expect(
      (await api.post('/apis', { name: 'x', baseUrl: upstream.origin, authType: 'bearer' }, alice.token)).status,
    ).toBe(400);
    expect((await api.request('DELETE', `/apis/${res.body.id}`, { token: bob.token })).status).toBe(404);
    expect((await api.request('DELETE', `/apis/${res.body.id}`, { token: alice.token })).status).toBe(204);
  });

  it('forwards method, path and query with the upstream’s auth, never the caller’s credentials, and strips hop-by-hop headers', async () => {
    const alice = await developer();
    const id = await register(alice.token);
    const res = await rawRequest(`${platform.gatewayUrl}/api/v1/proxy/${id}/echo/a%20b?x=1&y=%2F`, {
      method: 'POST',
      body: '{"hello":"world"}',
      headers: {
        authorization: `Bearer ${alice.token}`,
        'content-type': 'application/json',
        cookie: 'pc_device=abc',
        'x-api-key': 'pk_test_caller',
        connection: 'x-drop-me',
        'x-drop-me': '1',
        'x-kept': 'yes',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        'x-request-id': 'req-proxy-1',
      },
    });
    expect(res.status).toBe(200);
    const seen = res.body as { method: string; url: string; headers: Record<string, string>; bytes: number };
    expect(seen).toMatchObject({ method: 'POST', url: '/base/echo/a%20b?x=1&y=%2F', bytes: 17 });
    expect(seen.headers).toMatchObject({
      authorization: `Bearer ${UPSTREAM_TOKEN}`,
      'x-kept': 'yes',
      'content-type': 'application/json',
      'x-request-id': 'req-proxy-1',
      'x-forwarded-proto': 'http',
      'x-forwarded-for': '127.0.0.1',
    });
    expect(seen.headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(seen.headers.traceparent).not.toContain('b7ad6b7169203331');
    for (const name of ['cookie', 'x-api-key', 'x-drop-me']) expect(seen.headers[name]).toBeUndefined();
    expect(JSON.stringify(seen.headers)).not.toContain(alice.token);
    expect(res.headers['x-hop']).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['x-request-id']).toBe('req-proxy-1');
  });

  it("applies an API's own rate limit in the same step as the caller's: 429 with Retry-After, the upstream untouched", async () => {
    const alice = await developer();
    const id = await register(alice.token, { rateLimit: { limit: 3, windowSeconds: 60 } });
    const path = `/proxy/${id}/echo/limited-${id}`;
    const reachedUpstream = () => upstream.seen.filter((s) => s.url.includes(`limited-${id}`)).length;
    // A stranger's calls are 404s that spend nothing of this API's own limit.
    const stranger = await developer();
    for (let i = 0; i < 4; i++) expect((await api.request('GET', path, { token: stranger.token })).status).toBe(404);
    for (let i = 0; i < 3; i++) {
      const res = await api.request('GET', path, { token: alice.token });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-policy')).toContain('"upstream";q=3;w=60');
    }
    const refused = await api.request('GET', path, { token: alice.token });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // The 429 carries the limit that refused it, in both header generations.
    expect(refused.headers.get('ratelimit-policy')).toContain('"upstream";q=3;w=60');
    expect(refused.headers.get('ratelimit')).toMatch(/^"upstream";r=0;t=\d+$/);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(reachedUpstream()).toBe(3);
  });

  it('holds an API without a limit of its own to the upstream tier, per API: 429 with the headers, the upstream untouched', async () => {
    // A replica with the tier policies on (the harness runs them off elsewhere), the upstream tier at 3 a minute.
    await platform.startOne('gateway#tiers', { RATE_LIMIT_TIERS: 'true' });
    const tiers = new Api(`${platform.urlOf('gateway#tiers')}/api/v1`);
    const put = await api.request('PUT', '/admin/rate-limits', {
      token: admin,
      body: { policies: [{ name: 'upstream', limit: 3, windowSeconds: 60 }] },
    });
    expect(put.status).toBe(200);
    try {
      const alice = await developer();
      const [limited, other] = [await register(alice.token), await register(alice.token)];
      const path = (id: string) => `/proxy/${id}/echo/tier-${id}`;
      const reached = (id: string) => upstream.seen.filter((s) => s.url.includes(`tier-${id}`)).length;
      // Each replica reloads the policies on the security app's broadcast: poll until the 3 a minute shows.
      const statuses: number[] = [];
      const refused = await waitFor(
        async () => {
          const res = await tiers.request('GET', path(limited), { token: alice.token });
          statuses.push(res.status);
          if (res.status === 200) expect(res.headers.get('ratelimit-policy')).toContain('"upstream";q=');
          return res.status === 429 ? res : undefined;
        },
        { what: 'the upstream tier to refuse' },
      );
      expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.headers.get('ratelimit-policy')).toContain('"upstream";q=3;w=60');
      expect(refused.headers.get('ratelimit')).toMatch(/^"upstream";r=0;t=\d+$/);
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      // Every 200 reached the upstream; the 429 did not.
      expect(reached(limited)).toBe(statuses.filter((s) => s === 200).length);
      // The tier counts per API: another API of the same caller still gets through.
      const otherRes = await tiers.request('GET', path(other), { token: alice.token });
      expect(otherRes.status).toBe(200);
      expect(reached(other)).toBe(1);
    } finally {
      await api.request('PUT', '/admin/rate-limits', {
        token: admin,
        body: { policies: [{ name: 'upstream', limit: 1000, windowSeconds: 60 }] },
      });
      await platform.process('gateway#tiers').stop();
    }
  });

  it('injects header and basic upstream auth, and serves a caller with an X-API-Key alone, never forwarding it', async () => {
    const alice = await developer();
    const viaHeader = await register(alice.token, {
      authType: 'header',
      authConfig: { name: 'X-Upstream-Key', value: 'hdr-secret' },
    });
    const viaBasic = await register(alice.token, {
      authType: 'basic',
      authConfig: { username: 'svc', password: 'basic-secret' },
    });
    const headerSeen = (await api.get(`/proxy/${viaHeader}/echo/h`, alice.token)).body;
    expect(headerSeen.headers['x-upstream-key']).toBe('hdr-secret');
    expect(headerSeen.headers.authorization).toBeUndefined();
    const basicSeen = (await api.get(`/proxy/${viaBasic}/echo/b`, alice.token)).body;
    expect(basicSeen.headers.authorization).toBe(`Basic ${Buffer.from('svc:basic-secret').toString('base64')}`);

    const key = (
      await api.post('/api-keys', { name: 'machine', environment: 'test', scopes: ['proxy:use'] }, alice.token)
    ).body.key as string;
    // `?key=` is the upstream's own parameter: with the key in the header it passes through.
    const byKey = await rawRequest(`${platform.gatewayUrl}/api/v1/proxy/${viaHeader}/echo/k?key=maps-123`, {
      headers: { 'x-api-key': key },
    });
    expect(byKey.status).toBe(200);
    const keySeen = byKey.body as { url: string; headers: Record<string, string> };
    expect(keySeen.url).toContain('?key=maps-123');
    expect(keySeen.headers['x-upstream-key']).toBe('hdr-secret');
    expect(keySeen.headers['x-api-key']).toBeUndefined();
    expect(JSON.stringify(keySeen.headers)).not.toContain(key);
    // A key without proxy:use in its scopes is refused before the upstream is called.
    const narrow = (
      await api.post('/api-keys', { name: 'reader', environment: 'test', scopes: ['profile:read'] }, alice.token)
    ).body.key as string;
    const refused = await rawRequest(`${platform.gatewayUrl}/api/v1/proxy/${viaHeader}/echo/n`, {
      headers: { 'x-api-key': narrow },
    });
    expect(refused.status).toBe(403);
    expect((refused.body as { missing: string[] }).missing).toEqual(['proxy:use']);
  });

  it('passes bodies through untouched both ways: no gzip on top of the answer, and a percent-escaped prefix still streams', async () => {
    const alice = await developer();
    const id = await register(alice.token);
    const auth = { authorization: `Bearer ${alice.token}` };
    // A client that accepts gzip gets the upstream's bytes as the upstream sent them.
    const download = await rawRequest(`${platform.gatewayUrl}/api/v1/proxy/${id}/download?mb=1`, {
      headers: { ...auth, 'accept-encoding': 'gzip' },
    });
    expect(download.status).toBe(200);
    expect(download.headers['content-encoding']).toBeUndefined();
    expect(download.headers['content-length']).toBe(String(1024 * 1024));
    expect((download.body as string).length).toBe(1024 * 1024);

    // The router decodes `%70roxy`: the body is still the proxy's to stream, never parsed here.
    const body = JSON.stringify({ payload: 'x'.repeat(5000) });
    const escaped = await rawRequest(`${platform.gatewayUrl}/api/v1/%70roxy/${id}/echo/escaped`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'content-length': String(body.length) },
      body,
    });
    expect(escaped.status).toBe(200);
    expect(escaped.body).toMatchObject({ method: 'POST', bytes: body.length });
    expect((escaped.body as { headers: Record<string, string> }).headers['content-type']).toBe('application/json');
  });

  it('refuses a ; path parameter, which servlet upstreams strip before routing', async () => {
    const alice = await developer();
    const id = await register(alice.token);
    for (const tail of ['..;/admin', 'admin;x/secret']) {
      const res = await rawRequest(`${platform.gatewayUrl}/api/v1/proxy/${id}/${tail}`, {
        headers: { authorization: `Bearer ${alice.token}` },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(upstream.seen.some((s) => s.url.includes(';'))).toBe(false);
  });

  it('refuses TRACE and method-override headers: the upstream must serve the method whose route was checked', async () => {
    const alice = await developer();
    const id = await register(alice.token);
    const before = upstream.seen.length;
    const trace = await rawRequest(`${platform.gatewayUrl}/api/v1/proxy/${id}/echo`, {
      method: 'TRACE',
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect([trace.status, trace.body.code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
    const overridden = await api.request('POST', `/proxy/${id}/echo`, {
      token: alice.token,
      headers: { 'x-http-method-override': 'DELETE' },
      body: {},
    });
    expect([overridden.status, overridden.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(upstream.seen.length).toBe(before);
    // A page beyond any list is a 400, not the database's error.
    expect((await api.get('/apis?page=1000000000000000000', alice.token)).status).toBe(400);
  });

  it('refuses paths that climb above the base, a foreign or unknown API, and routes not declared', async () => {
    const alice = await developer();
    const bob = await developer();
    const id = await register(alice.token, { routes: [{ method: 'GET', path: '/echo/*' }] });
    const before = upstream.seen.length;
    for (const path of [
      '/echo/../../secret',
      '/echo/%2e%2e/%2e%2e/secret',
      '/echo/..%2fsecret',
      '/echo/.%2E/x',
      '/echo/a%5c..%5c..',
      // Upstreams end the path at a raw `#`: this would be checked as /echo/a#/x and served as /echo/a.
      '/echo/a#/x',
    ]) {
      const res = await rawRequest(`${platform.gatewayUrl}/api/v1/proxy/${id}${path}`, {
        headers: { authorization: `Bearer ${alice.token}` },
      });
      // 400 from the proxy's own check, or 404 where the router already resolved a literal `..` out of the proxy's path.
      expect([path, [400, 404].includes(res.status)]).toEqual([path, true]);
    }
    expect((await api.get(`/proxy/${id}/echo/x`, bob.token)).body.code).toBe('API_NOT_FOUND');
    // A path it would refuse says nothing more to a stranger: the same 404 as an unknown id.
    const probe = await rawRequest(`${platform.gatewayUrl}/api/v1/proxy/${id}/echo/%2e%2e`, {
      headers: { authorization: `Bearer ${bob.token}` },
    });
    expect([probe.status, probe.body.code]).toEqual([404, 'API_NOT_FOUND']);
    const traced = await rawRequest(`${platform.gatewayUrl}/api/v1/proxy/${id}/echo/x`, {
      method: 'TRACE',
      headers: { authorization: `Bearer ${bob.token}` },
    });
    expect([traced.status, traced.body.code]).toEqual([404, 'API_NOT_FOUND']);
    expect((await api.get(`/proxy/00000000-0000-4000-8000-000000000000/echo`, alice.token)).body.code).toBe(
      'API_NOT_FOUND',
    );
    expect((await api.request('DELETE', `/proxy/${id}/echo/x`, { token: alice.token })).status).toBe(404);
    expect(upstream.seen.length).toBe(before);
    // `//host` is a path on the same upstream, never an authority.
    expect((await api.get(`/proxy/${id}/echo//evil.example/x`, alice.token)).body.url).toBe(
      '/base/echo/evil.example/x',
    );
    expect((await api.get(`/proxy/${id}/echo/x`)).status).toBe(401);
  });

  it('streams 100 MiB each way with flat gateway memory', async () => {
    const alice = await developer();
    const id = await register(alice.token);
    const pid = platform.process('gateway').pid!;
    let up: { status: number; body: string } | undefined;
    const upGrowth = await peakGrowth(pid, async () => {
      up = await upload(`${platform.gatewayUrl}/api/v1/proxy/${id}/upload`, alice.token, 100);
    });
    expect(up!.status).toBe(200);
    expect(JSON.parse(up!.body).bytes).toBe(100 * 1024 * 1024);
    let received = 0;
    const downGrowth = await peakGrowth(pid, async () => {
      const res = await fetch(`${platform.gatewayUrl}/api/v1/proxy/${id}/download?mb=100`, {
        headers: { authorization: `Bearer ${alice.token}` },
      });
      expect(res.status).toBe(200);
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) received += chunk.length;
    });
    expect(received).toBe(100 * 1024 * 1024);
    // Buffering either body would grow the gateway by 100 MiB or more. Streaming grows it too, by
    // what a first large transfer costs the runtime (buffers, heap): 30-40 MiB on a 2-core machine,
    // so a bound of 40 failed 2 runs of 13 (40.4 and 40.5 MiB). 60 still tells the two apart.
    expect(upGrowth).toBeLessThan(60);
    expect(downGrowth).toBeLessThan(60);
  });

  it("lets the owner's agent call a route naming a capability it holds, spending its budget there", async () => {
    const alice = await developer();
    const id = await register(alice.token, {
      routes: [
        { method: 'POST', path: '/files/*', capability: 'file:write' },
        { method: 'GET', path: '/echo' },
      ],
    });
    const grant = await api.post(
      '/agents/authenticate',
      {
        agentType: 'code-implementer',
        capabilities: ['file:write'],
        budgets: { 'file:write': { limit: 2, windowSeconds: 3600 } },
      },
      alice.token,
    );
    expect(grant.status).toBe(200);
    const agent = grant.body as { agentId: string; agentToken: string };
    const write = () =>
      rawRequest(`${platform.gatewayUrl}/api/v1/proxy/${id}/files/notes.txt`, {
        method: 'POST',
        headers: { authorization: `Bearer ${agent.agentToken}`, 'content-type': 'text/plain' },
        body: 'hello',
      });
    const before = upstream.seen.length;
    expect([(await write()).status, (await write()).status]).toEqual([200, 200]);
    const spent = await write();
    expect([spent.status, spent.body.code]).toEqual([403, 'AGENT_CAPABILITY_DENIED']);
    expect(upstream.seen.length - before).toBe(2);
    // A route that names no capability is closed to agents.
    const echo = await api.get(`/proxy/${id}/echo`, agent.agentToken);
    expect([echo.status, echo.body.code]).toEqual([403, 'AUTH_FORBIDDEN']);
    // Each use, and the refusal, reach the agent's decision log.
    expect(await api.loggedUses(agent.agentId, alice.token, 3)).toEqual([
      'denial:budget_exhausted',
      'use:granted',
      'use:granted',
    ]);
  });

  it('answers 504 on a timeout, 502 on a refused connection, huge headers or a small body cut short, and stays healthy', async () => {
    const alice = await developer();
    const id = await register(alice.token, { timeoutMs: 300 });
    const slow = await api.get(`/proxy/${id}/slow`, alice.token);
    expect([slow.status, slow.body.code]).toEqual([504, 'UPSTREAM_TIMEOUT']);
    const huge = await api.get(`/proxy/${id}/huge-headers`, alice.token);
    expect([huge.status, huge.body.code]).toEqual([502, 'UPSTREAM_ERROR']);
    // A small answer is read whole before anything is sent, so one that breaks off is a clean 502.
    const cut = await api.get(`/proxy/${id}/cut?bytes=1000`, alice.token);
    expect([cut.status, cut.body.code]).toEqual([502, 'UPSTREAM_ERROR']);
    // A large one is streamed: the client sees its response break off, as it did upstream.
    await expect(
      fetch(`${platform.gatewayUrl}/api/v1/proxy/${id}/cut?bytes=${1024 * 1024}`, {
        headers: { authorization: `Bearer ${alice.token}` },
      }).then((r) => r.text()),
    ).rejects.toThrow();
    const closed = await register(alice.token, { baseUrl: `http://127.0.0.1:${await freePort()}` });
    const refused = await api.get(`/proxy/${closed}/x`, alice.token);
    expect([refused.status, refused.body.code]).toEqual([502, 'UPSTREAM_ERROR']);
    expect(refused.text).not.toContain('127.0.0.1');
    expect((await api.get(`/proxy/${id}/echo`, alice.token)).status).toBe(200);
  });

  it('ends uploads that stall (slowloris) after the API timeout, without counting them against the upstream', async () => {
    const alice = await developer();
    const id = await register(alice.token, { timeoutMs: 300 });
    const { hostname, port } = new URL(platform.gatewayUrl);
    /** Sends the headers and 10 of 100,000 bytes, then nothing; resolves with the ms until the gateway closed it. */
    const stall = () =>
      new Promise<number>((resolve, reject) => {
        const started = Date.now();
        const socket = connect(Number(port), hostname);
        socket.on('error', () => undefined);
        socket.once('close', () => resolve(Date.now() - started));
        setTimeout(() => reject(new Error('upload still open')), 10_000).unref();
        socket.write(
          `POST /api/v1/proxy/${id}/upload HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${alice.token}\r\n` +
            'Content-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n0123456789',
        );
      });
    // More than the breaker needs to open (PROXY_BREAKER_MIN_CALLS), had they counted as failures.
    const closedAfter = await Promise.all(Array.from({ length: 6 }, stall));
    for (const ms of closedAfter) expect(ms).toBeLessThan(5_000);
    const metrics = await (await fetch(`${platform.opsUrl('gateway')}/metrics`)).text();
    expect(new RegExp(`^circuit_breaker_state\\{upstream="api:${id}"[^}]*\\} 0$`, 'm').test(metrics)).toBe(true);
    expect((await api.get(`/proxy/${id}/echo`, alice.token)).status).toBe(200);
    // Usage has them as the gateway's 408s, not as callers that left or as Node's default 200.
    const byStatus = await waitFor(
      async () => {
        const res = await api.get(`/apis/${id}/usage?groupBy=status`, alice.token);
        return res.body.total?.count === 7 ? res.body : null;
      },
      { what: 'seven usage samples' },
    );
    expect(byStatus.groups.map((g: { key: string; count: number }) => [g.key, g.count])).toEqual([
      ['408', 6],
      ['200', 1],
    ]);
  });

  it('opens the breaker on failures (503 without calling the upstream), probes half-open, and closes on success', async () => {
    const alice = await developer();
    const id = await register(alice.token);
    upstream.failing = true;
    for (let i = 0; i < 4; i++) expect((await api.get(`/proxy/${id}/flaky`, alice.token)).status).toBe(500);
    const calls = upstream.seen.length;
    const open = await api.get(`/proxy/${id}/flaky`, alice.token);
    expect([open.status, open.body.code, open.headers.get('retry-after')]).toEqual([503, 'UPSTREAM_UNAVAILABLE', '1']);
    expect(upstream.seen.length).toBe(calls);
    const metrics = await (await fetch(`${platform.opsUrl('gateway')}/metrics`)).text();
    const state = (text: string) =>
      new RegExp(`^circuit_breaker_state\\{upstream="api:${id}"[^}]*\\} (\\d)$`, 'm').exec(text)?.[1];
    expect(state(metrics)).toBe('2');
    // Opening sends security.alert, which the audit trail records.
    await waitFor(
      async () => {
        const page = await api.get('/admin/audit-logs?type=security.alert', admin);
        return (page.body.items as Array<{ data: { upstream?: string } }>).some((r) => r.data.upstream === `api:${id}`);
      },
      { what: 'the security.alert of the opened breaker in the audit trail' },
    );
    upstream.failing = false;
    await waitFor(async () => (await api.get(`/proxy/${id}/flaky`, alice.token)).status === 200, {
      what: 'the half-open probe to close the breaker',
    });
    expect((await api.get(`/proxy/${id}/flaky`, alice.token)).status).toBe(200);
    expect(state(await (await fetch(`${platform.opsUrl('gateway')}/metrics`)).text())).toBe('0');
  });

  it('records usage asynchronously and reports counts, error rate and percentiles by route, caller and status', async () => {
    const alice = await developer();
    const id = await register(alice.token, {
      routes: [
        { method: 'GET', path: '/echo' },
        { method: 'GET', path: '/status/:code' },
      ],
    });
    for (let i = 0; i < 3; i++) await api.get(`/proxy/${id}/echo`, alice.token);
    await api.get(`/proxy/${id}/status/503`, alice.token);
    const usage = await waitFor(
      async () => {
        const res = await api.get(`/apis/${id}/usage?groupBy=route`, alice.token);
        return res.body.total?.count === 4 ? res.body : null;
      },
      { what: 'four usage samples' },
    );
    expect(usage.total).toMatchObject({ count: 4, errors: 1, errorRate: 0.25 });
    expect(usage.total.p50).toBeGreaterThan(0);
    expect(usage.groups).toEqual([
      expect.objectContaining({ key: 'GET /echo', count: 3, errors: 0 }),
      expect.objectContaining({ key: 'GET /status/:code', count: 1, errors: 1 }),
    ]);
    const byStatus = (await api.get(`/apis/${id}/usage?groupBy=status`, alice.token)).body;
    expect(byStatus.groups.map((g: { key: string; count: number }) => [g.key, g.count])).toEqual([
      ['200', 3],
      ['503', 1],
    ]);
    const byCaller = (await api.get(`/apis/${id}/usage?groupBy=caller`, alice.token)).body;
    expect(byCaller.groups).toEqual([expect.objectContaining({ key: `user:${alice.id}`, count: 4 })]);
    expect((await api.get(`/apis/${id}/usage?from=yesterday`, alice.token)).status).toBe(400);
    expect((await api.get(`/apis/${id}/usage?to=%2B010000-01-01T00:00:00Z`, alice.token)).status).toBe(400);
    expect((await api.get(`/apis/${id}/usage?from=-000001-01-01T00:00:00Z`, alice.token)).status).toBe(400);
  });

  it('records a caller that left before the answer as 499, not as the 200 Node would default to', async () => {
    const alice = await developer();
    const id = await register(alice.token, { timeoutMs: 5000 });
    await expect(
      fetch(`${platform.gatewayUrl}/api/v1/proxy/${id}/slow`, {
        headers: { authorization: `Bearer ${alice.token}` },
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect(await statusesOfOneSample(id, alice.token)).toEqual(['499']);
  });

  it('finishes the requests in flight when a replica is stopped, and keeps their usage', async () => {
    await platform.startOne('gateway#draining');
    const alice = await developer();
    const id = await register(alice.token, { timeoutMs: 1500 });
    // /slow never answers: the request is still in flight when the replica is told to stop.
    const inFlight = fetch(`${platform.urlOf('gateway#draining')}/api/v1/proxy/${id}/slow`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = platform.process('gateway#draining').stop('SIGTERM');
    const answer = await inFlight;
    expect([answer.status, ((await answer.json()) as { code: string }).code]).toEqual([504, 'UPSTREAM_TIMEOUT']);
    expect(await stopped).toBe(0);
    // The stopped replica queued its sample on the way out; the one still running writes it.
    expect(await statusesOfOneSample(id, alice.token)).toEqual(['504']);
  });

  it('serves an API from every gateway replica, each with its own breaker, and sums their usage', async () => {
    await platform.startOne('gateway#2');
    const second = new Api(`${platform.urlOf('gateway#2')}/api/v1`);
    const alice = await developer();
    const id = await register(alice.token);
    expect((await second.get(`/proxy/${id}/echo`, alice.token)).status).toBe(200);
    upstream.failing = true;
    for (let i = 0; i < 4; i++) await api.get(`/proxy/${id}/flaky`, alice.token);
    expect((await api.get(`/proxy/${id}/flaky`, alice.token)).status).toBe(503);
    // The other replica has seen no failures of its own: it still calls the upstream.
    expect((await second.get(`/proxy/${id}/flaky`, alice.token)).status).toBe(500);
    upstream.failing = false;
    await waitFor(async () => (await api.get(`/apis/${id}/usage`, alice.token)).body.total?.count === 7, {
      what: 'usage from both replicas',
    });
  });
});
