import { decodeProtectedHeader } from 'jose';
import { Client } from 'pg';
import { OwnDatabase, Platform, testEnv, waitFor } from '@portcullis/testing';
import { Api, STRONG_PASSWORD, uniqueEmail } from './support/api';

jest.setTimeout(180_000);

const ADMIN_EMAIL = uniqueEmail('root');
const ADMIN_PASSWORD = 'Root-Granite-Lighthouse-71!';

describe('roles, permissions, admin API and the audit trail', () => {
  // Its own database: this suite tampers with the audit chain and needs a single bootstrap admin.
  const env = testEnv('e2e-rbac');
  const database = new OwnDatabase(env.DATABASE_URL, 'rbac');
  const platform = new Platform(
    { ...env, DATABASE_URL: database.url },
    { BCRYPT_COST: '4', IP_FAILURE_LIMIT: '10000', ADMIN_EMAIL, ADMIN_PASSWORD },
  );
  let api: Api;
  let api2: Api;
  let root: string;

  beforeAll(async () => {
    await database.create();
    await platform.start(['gateway', 'auth', 'user', 'token', 'security', 'gateway#2']);
    api = new Api(`${platform.gatewayUrl}/api/v1`);
    api2 = new Api(`${platform.urlOf('gateway#2')}/api/v1`);
    // It once failed here under a full local run (two suites starting platforms at once).
    root = await api.accessToken(ADMIN_EMAIL, ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await platform.stop();
    await database.drop();
  });

  async function member(roles?: string[]) {
    const email = uniqueEmail('member');
    const { body } = await api.post('/auth/register', { email, password: STRONG_PASSWORD });
    if (roles)
      expect((await api.request('PATCH', `/admin/users/${body.id}`, { body: { roles }, token: root })).status).toBe(
        200,
      );
    const login = await api.post('/auth/login', { email, password: STRONG_PASSWORD });
    return { id: body.id as string, email, token: login.body.accessToken as string };
  }

  const status = async (method: string, path: string, token: string, body?: unknown) =>
    (await api.request(method, path, { token, body })).status;

  it('bootstraps exactly one super_admin from ADMIN_EMAIL / ADMIN_PASSWORD', async () => {
    const me = await api.get('/auth/me', root);
    expect(me.body.roles).toEqual(['super_admin']);
    expect(me.body.permissions.length).toBeGreaterThanOrEqual(25);
  });

  it('lists the six roles with inherited permissions', async () => {
    const roles = (await api.get('/roles', root)).body as Array<{ name: string; permissions: string[] }>;
    expect(roles.map((r) => r.name)).toEqual(['guest', 'user', 'premium_user', 'developer', 'admin', 'super_admin']);
    for (let i = 1; i < roles.length; i++)
      expect(roles[i].permissions).toEqual(expect.arrayContaining(roles[i - 1].permissions));
  });

  it.each([
    ['guest', 'GET', '/roles', 'GET', '/auth/sessions'],
    ['user', 'GET', '/auth/sessions', 'GET', '/admin/users'],
    ['premium_user', 'GET', '/auth/sessions', 'GET', '/admin/audit-logs'],
    ['developer', 'GET', '/auth/me', 'GET', '/admin/users'],
    ['admin', 'GET', '/admin/users', 'POST', '/admin/keys/rotate'],
  ])('%s: may %s %s, may not %s %s (403 AUTH_FORBIDDEN)', async (role, okMethod, okPath, noMethod, noPath) => {
    const { token } = await member([role]);
    expect(await status(okMethod, okPath, token)).toBe(200);
    const denied = await api.request(noMethod, noPath, { token });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('AUTH_FORBIDDEN');
  });

  it('super_admin may rotate signing keys; old tokens still verify, and the JWKS names the new key at once', async () => {
    const before = await member();
    const rotated = await api.post('/admin/keys/rotate', {}, root);
    expect(rotated.status).toBe(200);
    expect(await status('GET', '/auth/me', before.token)).toBe(200);
    // Before any token signed with it reaches the gateway: resource servers verify with this set.
    const kids = async (gateway: string) =>
      (
        (await (await fetch(`${platform.urlOf(gateway)}/.well-known/jwks.json`)).json()) as {
          keys: Array<{ kid: string }>;
        }
      ).keys.map((k) => k.kid);
    for (const gateway of ['gateway', 'gateway#2']) {
      await waitFor(async () => (await kids(gateway)).includes(rotated.body.kid as string), {
        timeoutMs: 2000,
        what: `${gateway}'s JWKS to name the new key`,
      });
      expect(await kids(gateway)).toContain(decodeProtectedHeader(before.token).kid);
    }
  });

  it("shows an admin another user's sessions (sessions:scope-all), and nobody else", async () => {
    const owner = await member();
    const admin = await member(['admin']);
    const stranger = await member();
    const listed = await api.get(`/auth/sessions?userId=${owner.id}`, admin.token);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: expect.any(String), current: false })]);
    const refused = await api.get(`/auth/sessions?userId=${owner.id}`, stranger.token);
    expect([refused.status, refused.body.code]).toEqual([403, 'AUTH_FORBIDDEN']);
    expect((await api.get('/auth/sessions?userId=not-a-uuid', admin.token)).status).toBe(400);
    // Naming oneself is the plain listing, with the current session marked.
    const own = await api.get(`/auth/sessions?userId=${stranger.id}`, stranger.token);
    expect(own.body).toEqual([expect.objectContaining({ current: true })]);
  });

  it('admin inherits everything a user can do', async () => {
    const { token } = await member(['admin']);
    for (const path of ['/auth/me', '/auth/profile', '/auth/sessions', '/roles'])
      expect(await status('GET', path, token)).toBe(200);
  });

  it('refuses privilege escalation', async () => {
    const admin = await member(['admin']);
    const victim = await member();
    expect(await status('PATCH', `/admin/users/${victim.id}`, admin.token, { roles: ['super_admin'] })).toBe(403);
    expect(await status('PATCH', `/admin/users/${victim.id}`, admin.token, { roles: ['admin'] })).toBe(403);
    expect(await status('PATCH', `/admin/users/${admin.id}`, admin.token, { roles: ['super_admin'] })).toBe(403);
    expect(await status('PATCH', `/admin/users/${victim.id}`, admin.token, { roles: ['premium_user'] })).toBe(200);
    expect(await status('PATCH', `/admin/users/${admin.id}`, victim.token, { roles: ['user'] })).toBe(403);
    expect(await status('PUT', '/auth/profile', victim.token, { roles: ['admin'] })).toBe(400);
  });

  it('applies a role change on a second gateway replica within 1 s', async () => {
    const m = await member();
    expect((await api2.get('/admin/users', m.token)).status).toBe(403);
    expect(await status('PATCH', `/admin/users/${m.id}`, root, { roles: ['admin'] })).toBe(200);
    await waitFor(async () => (await api2.get('/admin/users', m.token)).status === 200, {
      what: 'promotion on replica 2',
      timeoutMs: 1000,
      intervalMs: 20,
    });
    expect(await status('PATCH', `/admin/users/${m.id}`, root, { roles: ['user'] })).toBe(200);
    await waitFor(async () => (await api2.get('/admin/users', m.token)).status === 403, {
      what: 'demotion on replica 2',
      timeoutMs: 1000,
      intervalMs: 20,
    });
  });

  it('disabling a user kills their tokens on every replica within 1 s and blocks login', async () => {
    const m = await member();
    expect((await api2.get('/auth/me', m.token)).status).toBe(200);
    expect(await status('PATCH', `/admin/users/${m.id}`, root, { isActive: false })).toBe(200);
    await waitFor(
      async () =>
        (await api2.get('/auth/me', m.token)).status === 401 && (await api.get('/auth/me', m.token)).status === 401,
      {
        what: 'disabled user refused on both replicas',
        timeoutMs: 1000,
        intervalMs: 20,
      },
    );
    expect((await api.post('/auth/login', { email: m.email, password: STRONG_PASSWORD })).status).toBe(403);
  });

  it('pages and searches users', async () => {
    const m = await member();
    const found = await api.get(`/admin/users?search=${encodeURIComponent(m.email.slice(0, 20))}&page=1&limit=5`, root);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ page: 1, limit: 5, total: expect.any(Number) });
    expect(found.body.items.map((u: { id: string }) => u.id)).toContain(m.id);
    expect((await api.get('/admin/users?limit=1000', root)).status).toBe(400);
    const nul = await api.get('/admin/users?search=ad%00min', root);
    expect(nul.status).toBe(400);
    expect(nul.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('unlocks a locked account', async () => {
    const m = await member();
    for (let i = 0; i < 5; i++) await api.post('/auth/login', { email: m.email, password: 'Wrong-Password-000' });
    expect((await api.post('/auth/login', { email: m.email, password: STRONG_PASSWORD })).status).toBe(423);
    expect((await api.post(`/admin/users/${m.id}/unlock`, {}, root)).body).toEqual({ unlocked: true });
    expect((await api.post('/auth/login', { email: m.email, password: STRONG_PASSWORD })).status).toBe(200);
    const audited = await waitFor(
      async () => {
        const r = await api.get('/admin/audit-logs?type=auth.account.unlocked&limit=100', root);
        return r.body.items?.find((i: { subject: { id: string } }) => i.subject.id === m.id);
      },
      { what: 'the unlock in the audit log', timeoutMs: 10_000, intervalMs: 200 },
    );
    expect(audited.actorId).toEqual(expect.any(String));
    expect(audited.actorId).not.toBe(m.id);
  });

  it('audits logins, logouts and admin actions, newest first, filterable by actor and type', async () => {
    const m = await member(['premium_user']);
    expect(await status('POST', '/auth/logout', m.token)).toBe(204);
    const records = await waitFor(
      async () => {
        const r = await api.get(`/admin/audit-logs?actorId=${m.id}&limit=50`, root);
        const types = (r.body.items ?? []).map((i: { type: string }) => i.type);
        return types.includes('auth.logout') && types.includes('auth.login.succeeded') && r.body.items;
      },
      { what: 'audit records for the member', timeoutMs: 10_000, intervalMs: 200 },
    );
    const times = records.map((r: { occurredAt: string }) => r.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    const roleChanges = await waitFor(
      async () => {
        const r = await api.get('/admin/audit-logs?type=user.roles.changed&limit=100', root);
        return r.body.items?.find((i: { subject: { id: string } }) => i.subject.id === m.id);
      },
      { what: 'the admin role change in the audit log', timeoutMs: 10_000, intervalMs: 200 },
    );
    expect(roleChanges.actorId).not.toBe(m.id);
  });

  it('keeps auditing while the security app is down: records appear after it restarts', async () => {
    // Login itself needs security (the lockout check fails closed), so the member signs in first.
    const m = await member();
    expect(await platform.process('security').stop('SIGTERM')).toBe(0);
    expect(
      (await api.request('PUT', '/auth/profile', { body: { displayName: 'Offline Audit' }, token: m.token })).status,
    ).toBe(200);
    expect(await status('POST', '/auth/logout', m.token)).toBe(204);
    await platform.startOne('security');
    await waitFor(
      async () => {
        const r = await api.get(`/admin/audit-logs?actorId=${m.id}`, root);
        const types = r.status === 200 ? r.body.items.map((i: { type: string }) => i.type) : [];
        return types.includes('auth.logout') && types.includes('user.updated');
      },
      { what: 'records written after security restarts', timeoutMs: 15_000, intervalMs: 250 },
    );
  });

  it('detects a tampered audit record', async () => {
    expect((await api.get('/admin/audit-logs/verify', root)).body).toMatchObject({ intact: true });
    const db = new Client({ connectionString: platform.env.DATABASE_URL });
    await db.connect();
    try {
      await db.query('ALTER TABLE security.audit_log DISABLE TRIGGER USER');
      await db.query(
        `UPDATE security.audit_log SET data = '{"tampered": true}'::jsonb WHERE seq = (SELECT min(seq) + 1 FROM security.audit_log)`,
      );
      await db.query('ALTER TABLE security.audit_log ENABLE TRIGGER USER');
    } finally {
      await db.end();
    }
    const verdict = await api.get('/admin/audit-logs/verify', root);
    expect(verdict.body).toMatchObject({ intact: false, firstBrokenSeq: expect.any(Number) });
  });
});
