import { BroadcastChannel } from '@portcullis/bus';
import {
  AdminUpdateUserRequest,
  ErrorCode,
  ROLE_NAMES,
  TokenPatterns,
  USER_CHANGED_TOPIC,
  UserDto,
  UserPatterns,
} from '@portcullis/contracts';
import { waitFor } from '@portcullis/testing';
import { ADMIN_PASSWORD, AdminHarness, failure, PASSWORD } from './support/admin-harness';

jest.setTimeout(120_000);

describe('admin user management (real user and token processes)', () => {
  const h = new AdminHarness();
  let root: UserDto;

  beforeAll(async () => {
    // Two user replicas racing to bootstrap the admin on one fresh database.
    await h.start(['user', 'user#2', 'token']);
    root = await h.bus.call(UserPatterns.verifyCredentials, { email: h.adminEmail, password: ADMIN_PASSWORD });
  });

  afterAll(() => h.stop());

  it('bootstraps exactly one super_admin from ADMIN_EMAIL / ADMIN_PASSWORD, though two replicas started at once', async () => {
    expect(await h.superAdminEmails()).toEqual([h.adminEmail]);
    expect(root.roles).toEqual(['super_admin']);
    expect(h.platform.logs().match(/Created the bootstrap super_admin/g)).toHaveLength(1);
    expect(h.platform.logs()).not.toContain(ADMIN_PASSWORD);
  });

  it('creates no other on restart, even with a different ADMIN_EMAIL configured', async () => {
    expect(await h.platform.process('user').stop('SIGTERM')).toBe(0);
    expect(await h.platform.process('user#2').stop('SIGTERM')).toBe(0);
    await h.platform.startOne('user', { ADMIN_EMAIL: h.email('other-root') });
    await h.platform.startOne('user#2');
    expect(await h.superAdminEmails()).toEqual([h.adminEmail]);
    expect(
      (await h.pg.query('SELECT count(*)::int AS n FROM users.users WHERE email = $1', [h.email('other-root')])).rows[0]
        .n,
    ).toBe(0);
  });

  it('lists the six roles in rank order, each inheriting the permissions below it', async () => {
    const roles = await h.bus.call(UserPatterns.listRoles, {});
    expect(roles.map((r) => r.name)).toEqual([...ROLE_NAMES]);
    expect(roles.map((r) => r.rank)).toEqual([...roles.map((r) => r.rank)].sort((a, b) => a - b));
    for (let i = 1; i < roles.length; i++)
      expect(roles[i].permissions).toEqual(expect.arrayContaining(roles[i - 1].permissions));
    expect(roles[5].permissions.length).toBeGreaterThanOrEqual(25);
    expect(roles[4].permissions).toContain('users:write');
    expect(roles[1].permissions).not.toContain('users:write');
  });

  it('lists users newest first in pages, searching email and display name case-insensitively and literally', async () => {
    const made: UserDto[] = [];
    for (let i = 1; i <= 5; i++) made.push(await h.create(`pager${i}`, `Pager ${h.run} ${i}`));
    const literal = await h.create('literal', `50%_off ${h.run}`);
    const list = (page: number, limit: number, search?: string) =>
      h.bus.call(UserPatterns.list, { page, limit, search });
    const [first, second] = [
      await list(1, 4, `PAGER ${h.run.toUpperCase()}`),
      await list(2, 4, `PAGER ${h.run.toUpperCase()}`),
    ];
    expect(first).toMatchObject({ total: 5, page: 1, limit: 4 });
    expect([...first.items, ...second.items].map((u) => u.id)).toEqual(made.map((u) => u.id).reverse());
    expect((await list(1, 10, `pager3-${h.run}@EXAMPLE`)).items.map((u) => u.id)).toEqual([made[2].id]);
    // Unescaped, "%_" would match every user; escaped, only the one whose name holds those characters.
    expect((await list(1, 10, '%_')).items.map((u) => u.id)).toEqual([literal.id]);
    for (const [page, limit] of [
      [1, 101],
      [0, 10],
      [1, 0],
    ]) {
      expect(await failure(list(page, limit))).toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    }
  });

  it('enforces the rank rules over the bus, on the roles stored now', async () => {
    const admin = await h.update(root, (await h.create('admin')).id, { roles: ['admin'] });
    const member = await h.create('member');
    const refused = (actor: UserDto, id: string, change: Partial<AdminUpdateUserRequest>) =>
      failure(h.update(actor, id, change));
    const FORBIDDEN = { code: ErrorCode.AUTH_FORBIDDEN };

    expect(await h.update(admin, member.id, { roles: ['premium_user'] })).toMatchObject({ roles: ['premium_user'] });
    expect(await refused(admin, member.id, { roles: ['admin'] })).toMatchObject(FORBIDDEN);
    expect(await refused(admin, member.id, { roles: ['super_admin'] })).toMatchObject(FORBIDDEN);
    expect(await refused(admin, root.id, { isActive: false })).toMatchObject(FORBIDDEN);
    expect(await refused(admin, admin.id, { roles: ['super_admin'] })).toMatchObject(FORBIDDEN);
    expect(await refused(admin, admin.id, { isActive: false })).toMatchObject({ details: { reason: 'self_disable' } });
    // A caller claiming super_admin for a plain user is judged by the database, not the claim.
    expect(await refused({ ...member, roles: ['super_admin'] }, admin.id, { roles: ['user'] })).toMatchObject(
      FORBIDDEN,
    );
    expect(await refused(admin, member.id, { roles: ['pirate' as never] })).toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
    });
    expect(await refused(admin, member.id, { roles: [] })).toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    expect(await refused(admin, '00000000-0000-4000-8000-000000000000', { isActive: false })).toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
    expect(await h.update(root, member.id, { roles: ['admin', 'developer'] })).toMatchObject({
      roles: ['developer', 'admin'],
    });

    const change = await h.eventFor('user.roles.changed', member.id);
    expect(change).toMatchObject({
      actor: { type: 'user', id: admin.id },
      data: { from: ['user'], to: ['premium_user'] },
    });
    const stored = await h.pg.query('SELECT role FROM users.user_roles WHERE user_id = $1 ORDER BY role', [member.id]);
    expect(stored.rows).toEqual([{ role: 'admin' }, { role: 'developer' }]);
  });

  it('disabling a user ends every session at once, tells every gateway, announces user.disabled and blocks login', async () => {
    const member = await h.create('disabled');
    for (const deviceName of ['laptop', 'phone'])
      await h.bus.call(TokenPatterns.createSession, { userId: member.id, roles: member.roles, deviceName });
    expect(await h.bus.call(TokenPatterns.listSessions, { userId: member.id })).toHaveLength(2);
    const notices: Array<{ userId: string }> = [];
    const channel = new BroadcastChannel(h.bus.redis, h.env.REDIS_PREFIX);
    await channel.subscribe(USER_CHANGED_TOPIC, (m) => notices.push(m as { userId: string }));

    expect(await h.update(root, member.id, { isActive: false })).toMatchObject({ isActive: false });
    expect(await h.bus.call(TokenPatterns.listSessions, { userId: member.id })).toEqual([]);
    expect(await h.eventFor('user.disabled', member.id)).toMatchObject({
      actor: { type: 'user', id: root.id },
      data: { sessionsRevoked: 2 },
    });
    await waitFor(() => notices.some((n) => n.userId === member.id), { what: 'the user-changed broadcast' });
    await channel.close();
    const login = () => h.bus.call(UserPatterns.verifyCredentials, { email: h.email('disabled'), password: PASSWORD });
    expect(await failure(login())).toMatchObject({ code: ErrorCode.AUTH_ACCOUNT_DISABLED });

    await h.update(root, member.id, { isActive: true });
    await h.eventFor('user.enabled', member.id);
    await expect(login()).resolves.toMatchObject({ isActive: true });
  });

  it('deletes a user after ending their sessions; nobody deletes themselves or someone above them', async () => {
    const admin = await h.update(root, (await h.create('deleter')).id, { roles: ['admin'] });
    const member = await h.create('deleted');
    await h.bus.call(TokenPatterns.createSession, { userId: member.id, roles: member.roles });

    expect(await failure(h.remove(admin, root.id))).toMatchObject({ code: ErrorCode.AUTH_FORBIDDEN });
    expect(await failure(h.remove(admin, admin.id))).toMatchObject({ code: ErrorCode.AUTH_FORBIDDEN });
    await h.remove(admin, member.id);
    expect(await failure(h.bus.call(UserPatterns.findById, { id: member.id }))).toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
    expect(
      (await h.pg.query('SELECT count(*)::int AS n FROM users.user_roles WHERE user_id = $1', [member.id])).rows[0].n,
    ).toBe(0);
    expect(await h.bus.call(TokenPatterns.listSessions, { userId: member.id })).toEqual([]);
    expect(await h.eventFor('user.deleted', member.id)).toMatchObject({ actor: { type: 'user', id: admin.id } });
    expect(await failure(h.remove(admin, member.id))).toMatchObject({ code: ErrorCode.USER_NOT_FOUND });
  });

  it('never writes a password to its logs', () => {
    expect(h.platform.logs()).not.toContain(ADMIN_PASSWORD);
    expect(h.platform.logs()).not.toContain(PASSWORD);
  });
});
