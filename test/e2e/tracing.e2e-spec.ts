import type { SpanRecord } from '@portcullis/observability';
import { Platform, testEnv, waitFor } from '@portcullis/testing';
import { randomUUID } from 'crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Api, STRONG_PASSWORD, uniqueEmail } from './support/api';

jest.setTimeout(180_000);

/**
 * Issue #12 items 2 and 3 across real processes: one login is one trace from the gateway's HTTP span
 * through auth to security, user and token, on through the token app's outbox relay to the audit
 * job; and a log line the user app writes while serving it carries the gateway's request id and that
 * trace id. Every app exports its finished spans as JSON lines into one file (OTEL_TRACES_EXPORTER=file).
 */
describe('one request, followed across apps by its id and its trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-traces-'));
  const spansFile = join(dir, 'spans.jsonl');
  const platform = new Platform(testEnv('e2e-tracing'), { OTEL_TRACES_EXPORTER: 'file', OTEL_TRACES_FILE: spansFile });
  let api: Api;

  beforeAll(async () => {
    // One at a time: each gets its whole start-up allowance even on a busy machine.
    for (const app of ['token', 'security', 'user', 'auth', 'gateway'])
      await platform.startOne(app, app === 'user' ? { LOG_LEVEL: 'debug' } : {});
    api = new Api(`${platform.gatewayUrl}/api/v1`);
  });

  afterAll(async () => {
    await platform.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const spans = (): SpanRecord[] =>
    existsSync(spansFile)
      ? readFileSync(spansFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as SpanRecord)
      : [];

  /** The span's ancestors, nearest first, as "service: name". */
  function ancestry(span: SpanRecord, all: SpanRecord[]): string[] {
    const byId = new Map(all.filter((s) => s.traceId === span.traceId).map((s) => [s.spanId, s]));
    const chain: string[] = [];
    for (
      let parent = span.parentSpanId && byId.get(span.parentSpanId);
      parent;
      parent = parent.parentSpanId && byId.get(parent.parentSpanId)
    ) {
      chain.push(`${parent.service}: ${parent.name}`);
    }
    return chain;
  }

  it('makes one login one trace, gateway → auth → security, user and token → outbox → audit job', async () => {
    const email = uniqueEmail('traced');
    expect((await api.post('/auth/register', { email, password: STRONG_PASSWORD })).status).toBe(201);
    const requestId = `trace-${randomUUID()}`;
    const login = await api.request('POST', '/auth/login', {
      body: { email, password: STRONG_PASSWORD },
      headers: { 'x-request-id': requestId },
    });
    expect(login.status).toBe(200);

    const root = await waitFor(
      () => spans().find((s) => s.service === 'gateway' && s.attributes['portcullis.request_id'] === requestId),
      {
        what: "the gateway's span of the login",
      },
    );
    expect(root.name).toBe('POST /api/v1/auth/login');
    expect(root.parentSpanId).toBeUndefined();

    const gatewayRoot = 'gateway: POST /api/v1/auth/login';
    const viaAuth = ['auth: handle auth.login', 'gateway: send auth.login', gatewayRoot];
    // The audit job runs after the answer, so its span may come a little later.
    const audit = await waitFor(
      () =>
        spans().find(
          (s) =>
            s.traceId === root.traceId &&
            s.service === 'security' &&
            s.name === 'record audit event' &&
            ancestry(s, spans()).includes('token: outbox relay auth.login.succeeded'),
        ),
      { what: 'the audit job of auth.login.succeeded in the login trace', timeoutMs: 30_000 },
    );
    const all = spans().filter((s) => s.traceId === root.traceId);

    const handled = (service: string, pattern: string) => {
      const span = all.find((s) => s.service === service && s.name === `handle ${pattern}`);
      expect(span).toBeDefined();
      return ancestry(span!, all);
    };
    expect(handled('auth', 'auth.login')).toEqual(viaAuth.slice(1));
    expect(handled('security', 'security.checkLogin')).toEqual(['auth: send security.checkLogin', ...viaAuth]);
    expect(handled('user', 'user.verifyCredentials')).toEqual(['auth: send user.verifyCredentials', ...viaAuth]);
    expect(handled('token', 'token.createSession')).toEqual(['auth: send token.createSession', ...viaAuth]);
    expect(ancestry(audit, all)).toEqual(
      expect.arrayContaining([
        'security: consume auth.login.succeeded',
        'token: outbox relay auth.login.succeeded',
        'token: handle token.createSession',
        gatewayRoot,
      ]),
    );
    expect(ancestry(audit, all).at(-1)).toBe(gatewayRoot);
  });

  it("stamps the user app's log lines of a request with the gateway's request id and the trace id", async () => {
    const requestId = `logged-${randomUUID()}`;
    const res = await api.request('POST', '/auth/register', {
      body: { email: uniqueEmail('logged'), password: STRONG_PASSWORD },
      headers: { 'x-request-id': requestId },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe(requestId);

    const line = await waitFor(
      () =>
        platform
          .process('user')
          .logLines()
          .find((l) => l.requestId === requestId),
      { what: "a user-app log line with the gateway's request id" },
    );
    // The gateway ends (and exports) its root span only after the response has gone out, so it can
    // arrive after the user app's log line: wait for it rather than read it once.
    const root = await waitFor(
      () => spans().find((s) => s.service === 'gateway' && s.attributes['portcullis.request_id'] === requestId),
      { what: 'the gateway root span of the request' },
    );
    expect(line).toMatchObject({ service: 'user', msg: 'handled user.create', traceId: root.traceId });
    expect(line.spanId).toMatch(/^[\da-f]{16}$/);
  });
});
