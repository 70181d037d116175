import { bullConnection, bullPrefix, QueueName } from '@portcullis/queue';
import { OwnDatabase, Platform, testEnv, waitFor } from '@portcullis/testing';
import { Queue } from 'bullmq';
import { Api, STRONG_PASSWORD, uniqueEmail } from './support/api';

jest.setTimeout(120_000);

const ROOT_EMAIL = uniqueEmail('queues-root');
const ROOT_PASSWORD = 'Lantern-Basalt-Orchid-73!';
const DEVICE = 'queue dashboard';

/** The queue dashboard's guard rails, spoken to as a browser would (form posts, the cookie, Origin), without one. */
describe('the queue dashboard: read-only for admins, same-origin writes, real sign-out', () => {
  const env = testEnv('e2e-dashboard-guard');
  const database = new OwnDatabase(env.DATABASE_URL, 'dashboard_guard');
  const platform = new Platform(
    { ...env, DATABASE_URL: database.url },
    { BCRYPT_COST: '4', IP_FAILURE_LIMIT: '10000', ADMIN_EMAIL: ROOT_EMAIL, ADMIN_PASSWORD: ROOT_PASSWORD },
  );
  let base: string;
  let api: Api;
  let queue: Queue;

  beforeAll(async () => {
    await database.create();
    await platform.start(['gateway', 'auth', 'user', 'token', 'security']);
    base = platform.gatewayUrl;
    api = new Api(`${base}/api/v1`);
    queue = new Queue(QueueName.WebhookDelivery, {
      connection: bullConnection({ url: env.REDIS_URL }),
      prefix: bullPrefix(env.REDIS_PREFIX),
    });
  });

  afterAll(async () => {
    await queue?.close();
    await platform.stop();
    await database.drop();
  });

  /** Registers someone, with `roles` granted by the bootstrap super_admin. */
  async function person(roles?: string[]) {
    const email = uniqueEmail('queues');
    const { body } = await api.post('/auth/register', { email, password: STRONG_PASSWORD });
    if (roles) {
      const root = (await api.post('/auth/login', { email: ROOT_EMAIL, password: ROOT_PASSWORD })).body.accessToken;
      expect((await api.request('PATCH', `/admin/users/${body.id}`, { body: { roles }, token: root })).status).toBe(
        200,
      );
    }
    return { id: body.id as string, email, password: STRONG_PASSWORD };
  }

  /** The sign-in form's POST; resolves the response and the cookie it set, if any. */
  async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${base}/admin/queues/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, ...headers },
      body: new URLSearchParams({ email, password }).toString(),
      redirect: 'manual',
    });
    const cookie = /portcullis_queues=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    return { res, cookie };
  }

  const board = (path: string, cookie: string, init: RequestInit = {}) =>
    fetch(`${base}/admin/queues${path}`, {
      ...init,
      headers: { cookie: `portcullis_queues=${cookie}`, ...(init.headers as Record<string, string>) },
    });

  async function dashboardSessions(email: string, password: string) {
    const token = (await api.post('/auth/login', { email, password, deviceName: 'checker' })).body.accessToken;
    return ((await api.get('/auth/sessions', token)).body as Array<{ deviceName: string | null }>).filter(
      (s) => s.deviceName === DEVICE,
    );
  }

  it('lets an admin look but not change jobs; a super_admin may, same-origin only, and never the audit or agent-uses queue', async () => {
    await queue.add('deliver', { deliveryId: 'dashboard-guard' }, { jobId: 'guarded-job', delay: 3_600_000 });
    const admin = await person(['admin']);
    const adminCookie = (await signIn(admin.email, admin.password)).cookie!;
    expect(adminCookie).toBeDefined();
    expect((await board('/api/queues', adminCookie)).status).toBe(200);
    const asAdmin = await board(`/api/queues/${QueueName.WebhookDelivery}/guarded-job/promote`, adminCookie, {
      method: 'PUT',
      headers: { origin: base },
    });
    expect(asAdmin.status).toBe(403);
    expect(
      await board(`/api/queues/${QueueName.WebhookDelivery}/empty`, adminCookie, {
        method: 'PUT',
        headers: { origin: base },
      }),
    ).toMatchObject({ status: 403 });
    expect(await queue.getJobState('guarded-job')).toBe('delayed');

    const rootCookie = (await signIn(ROOT_EMAIL, ROOT_PASSWORD)).cookie!;
    const foreign = await board(`/api/queues/${QueueName.WebhookDelivery}/guarded-job/promote`, rootCookie, {
      method: 'PUT',
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const noOrigin = await board(`/api/queues/${QueueName.WebhookDelivery}/guarded-job/promote`, rootCookie, {
      method: 'PUT',
    });
    expect(noOrigin.status).toBe(403);
    expect(await queue.getJobState('guarded-job')).toBe('delayed');

    const forged = {
      event: {
        id: '7d3c1c8e-0000-4000-8000-000000000001',
        type: 'user.deleted',
        occurredAt: '2001-01-01T00:00:00.000Z',
        subject: { type: 'user', id: 'x' },
        data: {},
      },
    };
    const add = await board(`/api/queues/${QueueName.AuditEvents}/add`, rootCookie, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'record-event', data: forged }),
    });
    expect(add.status).toBe(405);
    const fakeUse = {
      uses: [{ agentId: forged.event.id, capability: 'git:push', allowed: true, at: forged.event.occurredAt }],
    };
    const addUse = await board(`/api/queues/${QueueName.AgentUses}/add`, rootCookie, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'agent-uses', data: fakeUse }),
    });
    expect(addUse.status).toBe(405);

    const promote = await board(`/api/queues/${QueueName.WebhookDelivery}/guarded-job/promote`, rootCookie, {
      method: 'PUT',
      headers: { origin: base },
    });
    expect(promote.status).toBe(204);
    await waitFor(async () => (await queue.getJobState('guarded-job')) !== 'delayed', { what: 'the promoted job' });
  });

  it('ends the session on sign-out, and leaves none behind when a sign-in is refused', async () => {
    const plain = await person();
    const refused = await signIn(plain.email, plain.password);
    expect(refused.res.status).toBe(403);
    expect(refused.cookie).toBeUndefined();
    expect(await dashboardSessions(plain.email, plain.password)).toEqual([]);

    const admin = await person(['admin']);
    const { cookie } = await signIn(admin.email, admin.password);
    expect(await dashboardSessions(admin.email, admin.password)).toHaveLength(1);
    const out = await fetch(`${base}/admin/queues/logout`, {
      method: 'POST',
      headers: { cookie: `portcullis_queues=${cookie}`, origin: base },
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    expect(await dashboardSessions(admin.email, admin.password)).toEqual([]);
    await waitFor(
      async () =>
        (await fetch(`${base}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${cookie}` } })).status ===
        401,
      {
        what: 'the signed-out token refused',
      },
    );
  });

  it('sends a Content-Security-Policy and no-store with the sign-in page, its answers and the board', async () => {
    const admin = await person(['admin']);
    const page = await fetch(`${base}/admin/queues/login`);
    const { res: answer, cookie } = await signIn(admin.email, admin.password);
    const failed = await signIn(admin.email, 'wrong-password');
    const boardPage = await board('', cookie!, { headers: { accept: 'text/html' } });
    expect(boardPage.status).toBe(200);
    for (const res of [page, answer, failed.res, boardPage]) {
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    expect(answer.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
    expect((await signIn(admin.email, admin.password, { origin: 'https://evil.example' })).res.status).toBe(403);
  });
});
