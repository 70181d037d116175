import { Platform, testEnv, waitFor } from '@portcullis/testing';
import { request as httpRequest } from 'http';
import { gzipSync } from 'zlib';
import { postOversized } from './support/oversized-post';

jest.setTimeout(90_000);

/** Every app the gateway calls over the bus, as its readiness names them (sorted). */
const BUS_APPS = ['agent-capability', 'auth', 'security', 'token', 'user', 'webhook-dispatcher'];

interface HealthBody {
  status: string;
  details: Record<string, { status: string }>;
  error: Record<string, { status: string }>;
}

/** A GET with the path sent byte for byte (fetch would normalise `/%`). */
function rawGetFrom(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the whole platform, as processes', () => {
  const APP_ORIGIN = 'https://app.example.test';
  const platform = new Platform(testEnv('e2e-platform'), { READINESS_TIMEOUT_MS: '1000', CORS_ORIGINS: APP_ORIGIN });
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${platform.gatewayUrl}${path}`, { headers });
  const rawGet = (path: string, headers: Record<string, string> = {}) => rawGetFrom(platform.gatewayUrl, path, headers);
  const ops = (path: string) => fetch(`${platform.opsUrl('gateway')}${path}`);

  beforeAll(async () => {
    await platform.start();
  });

  afterAll(async () => {
    await platform.stop();
  });

  it('reports ready on PostgreSQL, Redis, its signing keys and a bus round trip to every app', async () => {
    const res = await waitFor(
      async () => {
        const r = await ops('/health/ready');
        return r.status === 200 && r;
      },
      { what: 'gateway readiness', timeoutMs: 20_000 },
    );
    const body = (await res.json()) as HealthBody;
    expect(body.status).toBe('ok');
    expect(Object.keys(body.details).sort()).toEqual([
      ...BUS_APPS.map((app) => `bus:${app}`),
      'keys',
      'postgres',
      'redis',
    ]);
    for (const app of BUS_APPS) expect(body.details[`bus:${app}`]).toMatchObject({ status: 'up' });

    // The probe's scope: the pod's own needs alone.
    const self = (await (await ops('/health/ready?scope=self')).json()) as HealthBody;
    expect(Object.keys(self.details).sort()).toEqual(['keys', 'postgres', 'redis']);
    const bad = await ops('/health/ready?scope=everything');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');

    const deps = (await (await ops('/health/dependencies')).json()) as HealthBody;
    expect(Object.keys(deps.details).sort()).toEqual(BUS_APPS.map((app) => `bus:${app}`));
  });

  it('answers 503 naming an app that is down, while the probe (scope=self) stays ready, and recovers', async () => {
    expect(await platform.process('token').stop('SIGTERM')).toBe(0);
    const down = await ops('/health/ready');
    expect(down.status).toBe(503);
    const body = (await down.json()) as HealthBody;
    expect(body.status).toBe('error');
    expect(body.error['bus:token']).toMatchObject({ status: 'down' });
    expect(body.details['bus:user']).toMatchObject({ status: 'up' });
    expect(body.details.postgres).toMatchObject({ status: 'up' });
    expect((await ops('/health/ready?scope=self')).status).toBe(200);
    expect((await ops('/health/dependencies')).status).toBe(503);
    const metrics = await (await ops('/metrics')).text();
    expect(metrics).toMatch(/bus_dependency_up\{dependency="token"[^}]*\} 0/);
    expect(metrics).toMatch(/bus_dependency_up\{dependency="user"[^}]*\} 1/);
    // Another app's readiness is its own needs: auth calls token, yet stays ready without it.
    expect((await fetch(`${platform.opsUrl('auth')}/health/ready`)).status).toBe(200);
    expect((await fetch(`${platform.opsUrl('auth')}/health/dependencies`)).status).toBe(503);

    await platform.startOne('token');
    await waitFor(async () => (await ops('/health/ready')).status === 200, {
      what: 'the token app back in readiness',
    });
  });

  it("serves each app's own ops endpoints", async () => {
    for (const app of ['auth', 'user', 'webhook-dispatcher'] as const) {
      const ready = await fetch(`${platform.opsUrl(app)}/health/ready`);
      expect(ready.status).toBe(200);
      const metrics = await (await fetch(`${platform.opsUrl(app)}/metrics`)).text();
      expect(metrics).toContain('process_cpu_seconds_total');
    }
  });

  it('identifies itself at / and exposes Prometheus metrics at /metrics on its ops port', async () => {
    expect(await (await get('/')).json()).toMatchObject({
      name: 'Portcullis',
      status: 'ok',
      version: expect.any(String),
    });
    const metrics = await (await ops('/metrics')).text();
    expect(metrics).toContain('bus_rpc_duration_seconds');
    expect((await ops('/health')).status).toBe(200);
  });

  it('keeps readiness and metrics off the public port, and the API off the ops port', async () => {
    expect((await get('/health')).status).toBe(200);
    for (const path of ['/health/ready', '/metrics', '/metrics?x=1', '/%6Detrics', '/health/%72eady']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.text()).not.toMatch(/bus:|process_cpu|instance/);
    }
    expect((await ops('/')).status).toBe(404);
    expect((await ops('/api/v1/roles')).status).toBe(404);
  });

  it('gives API answers the API security headers and the docs page the document ones', async () => {
    const api = await get('/health');
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(api.headers.get('x-frame-options')).toBe('DENY');
    expect(api.headers.get('referrer-policy')).toBeNull();
    const docs = await get('/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toBeNull();
    expect(docs.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(docs.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('answers a URL the router cannot decode with a problem, X-Request-Id and the security headers', async () => {
    const res = await rawGet('/%', { 'X-Request-Id': 'bad-url-1' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['x-request-id']).toBe('bad-url-1');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(res.body)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', requestId: 'bad-url-1' });
  });

  it("answers an anonymous call to the queue dashboard's API with a 401 problem", async () => {
    const res = await get('/admin/queues/api/queues', { 'X-Request-Id': 'dash-401' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({
      status: 401,
      code: 'AUTH_UNAUTHENTICATED',
      requestId: 'dash-401',
      type: expect.any(String),
      detail: expect.any(String),
    });
  });

  it('refuses JSON nested 20,000 deep with 400, not a crash', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    for (const body of [deep, `{"email":${deep}}`]) {
      const res = await fetch(`${platform.gatewayUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    // A string full of brackets is not nesting: this one is parsed, and is simply a failed login.
    const text = await fetch(`${platform.gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: '['.repeat(100), password: 'x' }),
    });
    expect(text.status).toBe(401);
  });

  it('refuses a compressed request body with 415 instead of inflating it', async () => {
    const res = await fetch(`${platform.gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ email: 'someone@example.test', password: 'x' })),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers CORS for the allowed origins only, exposing the request id and rate-limit headers', async () => {
    const preflight = await fetch(`${platform.gatewayUrl}/api/v1/auth/login`, {
      method: 'OPTIONS',
      headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const simple = await get('/', { origin: APP_ORIGIN });
    expect(simple.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(simple.headers.get('access-control-expose-headers')).toContain('RateLimit-Policy');
    expect(simple.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    const foreign = await get('/', { origin: 'https://evil.example.test' });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks API answers no-store, but lets the JWKS be cached', async () => {
    expect((await get('/api/v1/no-such-thing')).headers.get('cache-control')).toBe('no-store');
    expect((await get('/')).headers.get('cache-control')).toBe('no-store');
    expect((await get('/.well-known/jwks.json')).headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('echoes a client X-Request-Id and mints one otherwise', async () => {
    expect((await get('/', { 'X-Request-Id': 'trace-me-123' })).headers.get('x-request-id')).toBe('trace-me-123');
    expect((await get('/')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with an RFC 9457 problem', async () => {
    const res = await get('/api/v1/no-such-thing', { 'X-Request-Id': 'abc' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({
      type: expect.any(String),
      title: 'Not Found',
      status: 404,
      code: 'NOT_FOUND',
      requestId: 'abc',
      detail: expect.any(String),
    });
  });

  it('refuses bodies over 1 MiB with 413 and malformed JSON with 400', async () => {
    const big = await postOversized(`${platform.gatewayUrl}/api/v1/anything`, 2 * 1024 * 1024);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const bad = await fetch(`${platform.gatewayUrl}/api/v1/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('shuts every app down cleanly on SIGTERM', async () => {
    const codes = await platform.stop();
    expect(Object.values(codes).every((c) => c === 0)).toBe(true);
  });
});
