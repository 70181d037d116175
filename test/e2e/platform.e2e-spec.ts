import { Platform, testEnv, waitFor } from '@portcullis/testing';
import { postOversized } from './support/oversized-post';

jest.setTimeout(90_000);

interface HealthBody {
  status: string;
  details: Record<string, { status: string }>;
  error: Record<string, { status: string }>;
}

describe('the whole platform, as processes', () => {
  const platform = new Platform(testEnv('e2e-platform'), { READINESS_TIMEOUT_MS: '1000' });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${platform.gatewayUrl}${path}`, { headers });

  beforeAll(async () => {
    await platform.start();
  });

  afterAll(async () => {
    await platform.stop();
  });

  it('reports ready with PostgreSQL, Redis and a bus round trip to every app', async () => {
    const res = await waitFor(async () => {
      const r = await get('/health/ready');
      return r.status === 200 && r;
    }, { what: 'gateway readiness', timeoutMs: 20_000 });
    const body = (await res.json()) as HealthBody;
    expect(body.status).toBe('ok');
    for (const dep of ['postgres', 'redis', 'bus:auth', 'bus:user', 'bus:token', 'bus:security', 'bus:agent-capability', 'bus:webhook-dispatcher']) {
      expect(body.details[dep]).toMatchObject({ status: 'up' });
    }
  });

  it('answers 503 naming the app that is down, and recovers when it is back', async () => {
    expect(await platform.process('token').stop('SIGTERM')).toBe(0);
    const down = await get('/health/ready');
    expect(down.status).toBe(503);
    const body = (await down.json()) as HealthBody;
    expect(body.error['bus:token']).toMatchObject({ status: 'down' });
    expect(body.details['bus:user']).toMatchObject({ status: 'up' });

    await platform.startOne('token');
    await waitFor(async () => (await get('/health/ready')).status === 200, { what: 'readiness after token restarts' });
  });

  it('serves each app\'s own ops endpoints', async () => {
    for (const app of ['auth', 'user', 'webhook-dispatcher'] as const) {
      const ready = await fetch(`${platform.opsUrl(app)}/health/ready`);
      expect(ready.status).toBe(200);
      const metrics = await (await fetch(`${platform.opsUrl(app)}/metrics`)).text();
      expect(metrics).toContain('process_cpu_seconds_total');
    }
  });

  it('identifies itself at / and exposes Prometheus metrics at /metrics', async () => {
    expect(await (await get('/')).json()).toMatchObject({ name: 'Portcullis', status: 'ok', version: expect.any(String) });
    const metrics = await (await get('/metrics')).text();
    expect(metrics).toContain('bus_rpc_duration_seconds');
  });

  it('echoes a client X-Request-Id and mints one otherwise', async () => {
    expect((await get('/', { 'X-Request-Id': 'trace-me-123' })).headers.get('x-request-id')).toBe('trace-me-123');
    expect((await get('/')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with an RFC 9457 problem', async () => {
    const res = await get('/api/v1/no-such-thing', { 'X-Request-Id': 'abc' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ type: expect.any(String), title: 'Not Found', status: 404, code: 'NOT_FOUND', requestId: 'abc', detail: expect.any(String) });
  });

  it('refuses bodies over 1 MiB with 413 and malformed JSON with 400', async () => {
    const big = await postOversized(`${platform.gatewayUrl}/api/v1/anything`, 2 * 1024 * 1024);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const bad = await fetch(`${platform.gatewayUrl}/api/v1/anything`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('shuts every app down cleanly on SIGTERM', async () => {
    const codes = await platform.stop();
    expect(Object.values(codes).every((c) => c === 0)).toBe(true);
  });
});
