import { OwnDatabase, Platform, testEnv, waitFor } from '@portcullis/testing';
import { Api, STRONG_PASSWORD, uniqueEmail } from './support/api';
import { Receiver } from './support/receiver';

jest.setTimeout(120_000);

const ADMIN_EMAIL = uniqueEmail('hooks-admin');
const ADMIN_PASSWORD = 'Cobalt-Juniper-Ferry-64!';

describe('webhooks through the gateway', () => {
  const env = testEnv('e2e-webhooks');
  const database = new OwnDatabase(env.DATABASE_URL, 'webhooks');
  const platform = new Platform(
    { ...env, DATABASE_URL: database.url },
    {
      BCRYPT_COST: '4',
      IP_FAILURE_LIMIT: '10000',
      ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_SCHEDULE: '0.1,0.2,0.3',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
    },
  );
  let api: Api;

  beforeAll(async () => {
    await database.create();
    await platform.start(['gateway', 'auth', 'user', 'token', 'security', 'webhook-dispatcher']);
    api = new Api(`${platform.gatewayUrl}/api/v1`);
  });

  afterAll(async () => {
    await platform.stop();
    await database.drop();
  });

  async function person() {
    const email = uniqueEmail('hooks');
    const { body } = await api.post('/auth/register', { email, password: STRONG_PASSWORD });
    const token = (await api.post('/auth/login', { email, password: STRONG_PASSWORD })).body.accessToken as string;
    return { id: body.id as string, email, token };
  }

  async function subscribe(token: string, receiver: Receiver, events: string[], scope?: 'all') {
    const res = await api.post('/webhooks', { url: receiver.url, events, ...(scope ? { scope } : {}) }, token);
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    receiver.secret = res.body.secret;
    return res.body.id as string;
  }

  it('lists the event catalog', async () => {
    const { token } = await person();
    const types = (await api.get('/webhooks/event-types', token)).body as Array<{ type: string; example: unknown }>;
    expect(types.map((t) => t.type)).toEqual(
      expect.arrayContaining(['user.registered', 'auth.login.succeeded', 'webhook.test']),
    );
  });

  it('delivers signed events to their owner only, and everything to an admin scope:"all" subscription', async () => {
    const alice = await person();
    const bob = await person();
    const admin = (await api.post('/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).body
      .accessToken as string;
    const aliceHook = await new Receiver().start();
    const adminHook = await new Receiver().start();
    try {
      await subscribe(alice.token, aliceHook, ['auth.*']);
      await subscribe(admin, adminHook, ['auth.login.succeeded'], 'all');
      expect(
        (await api.post('/webhooks', { url: aliceHook.url, events: ['*'], scope: 'all' }, alice.token)).status,
      ).toBe(403);
      // An admin's key whose scopes lack webhooks:scope-all is no admin here: not everyone's events, nor their hooks.
      const adminKey = (
        await api.post(
          '/api-keys',
          { name: 'hooks', environment: 'test', scopes: ['webhooks:read', 'webhooks:write'] },
          admin,
        )
      ).body.key as string;
      const throughKey = { headers: { 'x-api-key': adminKey } };
      expect(
        (
          await api.request('POST', '/webhooks', {
            ...throughKey,
            body: { url: adminHook.url, events: ['*'], scope: 'all' },
          })
        ).status,
      ).toBe(403);
      const listed = await api.request('GET', '/webhooks?limit=100', throughKey);
      expect(listed.status).toBe(200);
      expect((listed.body.items as Array<{ url: string }>).map((w) => w.url)).not.toContain(aliceHook.url);
      // With the admin's own login, everyone's.
      const all = (await api.get('/webhooks?limit=100', admin)).body.items as Array<{ url: string }>;
      expect(all.map((w) => w.url)).toContain(aliceHook.url);

      await api.post('/auth/login', { email: alice.email, password: STRONG_PASSWORD });
      await api.post('/auth/login', { email: bob.email, password: STRONG_PASSWORD });
      await waitFor(
        () => adminHook.received.filter((r) => [alice.id, bob.id].includes(r.body.subject.id)).length >= 2,
        { what: 'admin sees both logins' },
      );
      await waitFor(() => aliceHook.received.some((r) => r.type === 'auth.login.succeeded'), {
        what: 'alice sees her login',
      });
      expect(aliceHook.received.every((r) => r.body.subject.id === alice.id)).toBe(true);
      expect(aliceHook.rejected).toEqual([]);
      expect(JSON.stringify(aliceHook.received.map((r) => r.body))).not.toContain(STRONG_PASSWORD);
    } finally {
      await aliceHook.stop();
      await adminHook.stop();
    }
  });

  it('stops a scope:"all" subscription receiving others\' events once its owner is demoted, disabled or deleted', async () => {
    const root = (await api.post('/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).body
      .accessToken as string;
    const promoted = async () => {
      const someone = await person();
      expect(
        (await api.request('PATCH', `/admin/users/${someone.id}`, { body: { roles: ['admin'] }, token: root })).status,
      ).toBe(200);
      return someone;
    };
    const demoted = await promoted();
    const disabled = await promoted();
    const deleted = await promoted();
    const rootHook = await new Receiver().start();
    const hooks = {
      demoted: await new Receiver().start(),
      disabled: await new Receiver().start(),
      deleted: await new Receiver().start(),
    };
    try {
      await subscribe(root, rootHook, ['user.registered'], 'all');
      const ids = {
        demoted: await subscribe(demoted.token, hooks.demoted, ['user.registered'], 'all'),
        disabled: await subscribe(disabled.token, hooks.disabled, ['user.registered'], 'all'),
        deleted: await subscribe(deleted.token, hooks.deleted, ['user.registered'], 'all'),
      };
      const before = await person();
      await waitFor(() => Object.values(hooks).every((h) => h.received.some((r) => r.body.subject.id === before.id)), {
        what: "every admin sees a newcomer's registration",
      });

      expect(
        (await api.request('PATCH', `/admin/users/${demoted.id}`, { body: { roles: ['user'] }, token: root })).status,
      ).toBe(200);
      expect(
        (await api.request('PATCH', `/admin/users/${disabled.id}`, { body: { isActive: false }, token: root })).status,
      ).toBe(200);
      expect((await api.request('DELETE', `/admin/users/${deleted.id}`, { token: root })).status).toBe(204);
      await waitFor(
        async () => {
          const [a, b, c] = await Promise.all(
            [ids.demoted, ids.disabled, ids.deleted].map((id) => api.get(`/webhooks/${id}`, root)),
          );
          return (
            a.body.disabledReason === 'owner_unauthorized' &&
            b.body.disabledReason === 'owner_unauthorized' &&
            c.status === 404
          );
        },
        { what: 'the scope-all subscriptions paused or removed' },
      );

      const after = await person();
      await waitFor(() => rootHook.received.some((r) => r.body.subject.id === after.id), {
        what: 'the remaining admin sees the next registration',
      });
      for (const hook of Object.values(hooks))
        expect(hook.received.filter((r) => r.body.subject.id === after.id)).toEqual([]);

      // The demoted owner still sees and may delete the subscription, but not what it received, nor revive it.
      expect((await api.get(`/webhooks/${ids.demoted}`, demoted.token)).body).toMatchObject({
        isActive: false,
        disabledReason: 'owner_unauthorized',
      });
      expect((await api.get(`/webhooks/${ids.demoted}/deliveries`, demoted.token)).status).toBe(403);
      expect(
        (await api.request('PATCH', `/webhooks/${ids.demoted}`, { body: { isActive: true }, token: demoted.token }))
          .status,
      ).toBe(403);
      expect(
        (await api.request('PATCH', `/webhooks/${ids.demoted}`, { body: { scope: 'own' }, token: demoted.token }))
          .status,
      ).toBe(403);
      expect((await api.request('DELETE', `/webhooks/${ids.demoted}`, { token: demoted.token })).status).toBe(204);
    } finally {
      await Promise.all([rootHook, ...Object.values(hooks)].map((h) => h.stop()));
    }
  });

  it('sends a test event now, lists deliveries with attempts, and replays with the same webhook-id', async () => {
    const { token } = await person();
    const hook = await new Receiver().start();
    try {
      const id = await subscribe(token, hook, ['user.updated']);
      expect((await api.post(`/webhooks/${id}/test`, {}, token)).status).toBe(202);
      await waitFor(() => hook.received.some((r) => r.type === 'webhook.test'), { what: 'the test event' });
      const deliveries = (await api.get(`/webhooks/${id}/deliveries?status=succeeded`, token)).body;
      expect(deliveries.items[0]).toMatchObject({
        status: 'succeeded',
        attempts: [expect.objectContaining({ responseStatus: 200 })],
      });
      const deliveryId = deliveries.items[0].id;
      expect((await api.post(`/webhooks/${id}/deliveries/${deliveryId}/retry`, {}, token)).status).toBe(202);
      await waitFor(() => hook.received.filter((r) => r.type === 'webhook.test').length === 2, { what: 'the replay' });
      const ids = hook.received.filter((r) => r.type === 'webhook.test').map((r) => r.id);
      expect(ids[0]).toBe(ids[1]);
    } finally {
      await hook.stop();
    }
  });

  it('refuses a NUL character in a description with 400, not a 500', async () => {
    const owner = await person();
    const res = await api.post(
      '/webhooks',
      { url: 'https://hooks.example.test/in', events: ['user.updated'], description: 'ni\u0000ce' },
      owner.token,
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it("hides other people's subscriptions (404) and shows the secret only once", async () => {
    const owner = await person();
    const other = await person();
    const hook = await new Receiver().start();
    try {
      const id = await subscribe(owner.token, hook, ['user.updated']);
      expect((await api.get(`/webhooks/${id}`, other.token)).status).toBe(404);
      expect((await api.request('DELETE', `/webhooks/${id}`, { token: other.token })).status).toBe(404);
      const read = await api.get(`/webhooks/${id}`, owner.token);
      expect(read.status).toBe(200);
      expect(read.body.secret).toBeUndefined();
      const rotated = await api.post(`/webhooks/${id}/rotate-secret`, {}, owner.token);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(hook.secret);
    } finally {
      await hook.stop();
    }
  });
});
