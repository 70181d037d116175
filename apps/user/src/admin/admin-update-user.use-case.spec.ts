import { Logger } from '@nestjs/common';
import { AdminUpdateUserRequest, ErrorCode, RoleName } from '@portcullis/contracts';
import { withOrigin } from '@portcullis/testing';
import { adminFixture } from '../../test/fakes/admin-fixture';
import { UserRecord } from '../users/user.repository';

async function setup() {
  const f = adminFixture();
  const root = await f.seed(['super_admin']);
  const admin = await f.seed(['admin']);
  const member = await f.seed(['user']);
  const as = (actor: UserRecord, id: string, change: Partial<AdminUpdateUserRequest>) =>
    withOrigin({ requestId: 'req-9' }, () =>
      f.update.execute({ actor: { userId: actor.id, roles: actor.roles }, id, ...change }),
    );
  return { ...f, root, admin, member, as };
}

const forbidden = (reason: string) => ({ code: ErrorCode.AUTH_FORBIDDEN, details: { reason } });

describe('AdminUpdateUserUseCase', () => {
  it('replaces the role set (not adds to it) and announces from → to', async () => {
    const { as, admin, member, users, published, broadcasts } = await setup();
    const updated = await as(admin, member.id, { roles: ['premium_user'] });
    expect(updated.roles).toEqual(['premium_user']);
    expect(users.rows.get(member.id)!.roles).toEqual(['premium_user']);
    expect(broadcasts).toEqual([{ topic: 'user-changed', message: { userId: member.id } }]);
    expect(published).toEqual([
      {
        type: 'user.roles.changed',
        data: expect.objectContaining({
          subject: { type: 'user', id: member.id },
          actor: { type: 'user', id: admin.id },
          data: { from: ['user'], to: ['premium_user'] },
          meta: expect.objectContaining({ requestId: 'req-9' }),
        }),
      },
    ]);
  });

  it('lists roles in rank order, whatever order they were sent in', async () => {
    const { as, root, member } = await setup();
    expect((await as(root, member.id, { roles: ['admin', 'user', 'developer', 'user'] })).roles).toEqual([
      'user',
      'developer',
      'admin',
    ]);
  });

  it.each<[string, RoleName[], string]>([
    ['admin', ['admin'], 'admin_grant_requires_super_admin'],
    ['super_admin', ['super_admin'], 'role_above_own'],
  ])('refuses an admin granting %s, and changes nothing', async (_, roles, reason) => {
    const { as, admin, member, users, published, broadcasts } = await setup();
    await expect(as(admin, member.id, { roles })).rejects.toMatchObject(forbidden(reason));
    expect(users.rows.get(member.id)!.roles).toEqual(['user']);
    expect([published, broadcasts]).toEqual([[], []]);
  });

  it('lets a super_admin grant admin', async () => {
    const { as, root, member } = await setup();
    await expect(as(root, member.id, { roles: ['admin'] })).resolves.toMatchObject({ roles: ['admin'] });
  });

  it('refuses an admin editing a super_admin', async () => {
    const { as, admin, root } = await setup();
    await expect(as(admin, root.id, { isActive: false })).rejects.toMatchObject(forbidden('target_outranks_actor'));
  });

  it('judges the actor by the roles stored now, not the ones the request claims', async () => {
    const { update, admin, member, users } = await setup();
    users.rows.get(admin.id)!.roles = ['user'];
    const stale = {
      actor: { userId: admin.id, roles: ['super_admin'] as RoleName[] },
      id: member.id,
      roles: ['premium_user'] as RoleName[],
    };
    await expect(update.execute(stale)).rejects.toMatchObject(forbidden('actor_not_permitted'));
  });

  it('refuses self-disabling and self-demotion (lock-out protection)', async () => {
    const { as, admin, root } = await setup();
    await expect(as(admin, admin.id, { isActive: false })).rejects.toMatchObject(forbidden('self_disable'));
    await expect(as(root, root.id, { roles: ['admin'] })).rejects.toMatchObject(forbidden('self_demote'));
  });

  it('disables: revokes every session in the transaction, announces user.disabled with the count, and revokes again after the commit', async () => {
    const { as, admin, member, sessions, published, users } = await setup();
    sessions.live.set(member.id, 3);
    const updated = await as(admin, member.id, { isActive: false });
    expect(updated.isActive).toBe(false);
    expect(users.rows.get(member.id)!.isActive).toBe(false);
    expect(sessions.calls).toEqual([
      { userId: member.id, reason: 'user_disabled' },
      { userId: member.id, reason: 'user_disabled' },
    ]);
    expect(published.map((e) => [e.type, e.data.data])).toEqual([['user.disabled', { sessionsRevoked: 3 }]]);
  });

  it('re-enables with user.enabled, and revokes nothing', async () => {
    const { as, admin, member, sessions, published } = await setup();
    await as(admin, member.id, { isActive: false });
    await as(admin, member.id, { isActive: true });
    expect(sessions.calls).toHaveLength(2);
    expect(published.map((e) => e.type)).toEqual(['user.disabled', 'user.enabled']);
  });

  it('revokes again when an already disabled user is disabled again (the way to retry), announcing no second flip', async () => {
    const { as, admin, member, sessions, published } = await setup();
    await as(admin, member.id, { isActive: false });
    await as(admin, member.id, { isActive: false });
    expect(sessions.calls).toHaveLength(3);
    expect(published.map((e) => e.type)).toEqual(['user.disabled']);
  });

  it('rolls the disable back, announcing nothing, when the sessions cannot be revoked (so it can be retried)', async () => {
    const { as, admin, member, sessions, users, published, broadcasts } = await setup();
    sessions.failWith = new Error('token app down');
    await expect(as(admin, member.id, { isActive: false })).rejects.toThrow('token app down');
    expect(users.rows.get(member.id)!.isActive).toBe(true);
    expect([published, broadcasts]).toEqual([[], []]);
  });

  it('answers SERVICE_UNAVAILABLE when a retried disable cannot revoke, keeping the user disabled', async () => {
    const { as, admin, member, sessions, users, published } = await setup();
    await as(admin, member.id, { isActive: false });
    sessions.failWith = new Error('token app down');
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await expect(as(admin, member.id, { isActive: false })).rejects.toMatchObject({
      code: ErrorCode.SERVICE_UNAVAILABLE,
    });
    expect(users.rows.get(member.id)!.isActive).toBe(false);
    expect(published.map((e) => e.type)).toEqual(['user.disabled']);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('could not revoke'));
    logged.mockRestore();
  });

  it('writes and announces nothing for a request that changes nothing', async () => {
    const { as, admin, member, published, broadcasts, users } = await setup();
    const before = users.rows.get(member.id)!.updatedAt;
    await expect(as(admin, member.id, { roles: ['user'], isActive: true })).resolves.toMatchObject({ roles: ['user'] });
    expect([published, broadcasts]).toEqual([[], []]);
    expect(users.rows.get(member.id)!.updatedAt).toBe(before);
  });

  it.each<[string, Partial<AdminUpdateUserRequest>]>([
    ['an empty role list', { roles: [] }],
    ['an unknown role', { roles: ['pirate' as RoleName] }],
    ['roles that are not a list', { roles: 'admin' as never }],
    ['a non-boolean isActive', { isActive: 'no' as never }],
  ])('answers VALIDATION_FAILED for %s', async (_, change) => {
    const { as, root, member } = await setup();
    await expect(as(root, member.id, change)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
  });

  it('answers USER_NOT_FOUND for an unknown target; a request without an actor never reaches the use case', async () => {
    const { as, update, root, member } = await setup();
    await expect(as(root, '0b8f7c1e-7a5e-4c43-9a43-1d2f3e4a5b6c', { isActive: false })).rejects.toMatchObject({
      code: ErrorCode.USER_NOT_FOUND,
    });
    await expect(update.execute({ id: member.id, isActive: false } as never)).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
      details: { errors: [{ field: 'actor', messages: [expect.any(String)] }] },
    });
  });

  it('serialises two super_admins demoting each other at once: the second is judged after the first', async () => {
    const { as, seed, root, users } = await setup();
    const other = await seed(['super_admin']);
    const results = await Promise.allSettled([
      as(root, other.id, { roles: ['user'] }),
      as(other, root.id, { roles: ['user'] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(users.rows.get(root.id)!.roles).toEqual(['super_admin']);
  });
});
