import { ErrorCode } from '@portcullis/contracts';
import { adminFixture } from '../../test/fakes/admin-fixture';
import { UserRecord } from '../users/user.repository';

async function setup() {
  const f = adminFixture();
  const root = await f.seed(['super_admin']);
  const admin = await f.seed(['admin']);
  const member = await f.seed(['user']);
  const as = (actor: UserRecord, id: string) =>
    f.remove.execute({ actor: { userId: actor.id, roles: actor.roles }, id });
  return { ...f, root, admin, member, as };
}

describe('AdminDeleteUserUseCase', () => {
  it('revokes the sessions, deletes the user, then announces user.deleted', async () => {
    const { as, admin, member, users, sessions, published, broadcasts } = await setup();
    sessions.live.set(member.id, 2);
    await as(admin, member.id);
    expect(users.rows.has(member.id)).toBe(false);
    expect(sessions.calls).toEqual([{ userId: member.id, reason: 'user_deleted' }]);
    expect(broadcasts).toEqual([{ topic: 'user-changed', message: { userId: member.id } }]);
    expect(published).toEqual([
      {
        type: 'user.deleted',
        data: expect.objectContaining({
          subject: { type: 'user', id: member.id },
          actor: { type: 'user', id: admin.id },
          data: {},
        }),
      },
    ]);
  });

  it('keeps the user when the sessions cannot be revoked, so the delete can be retried', async () => {
    const { as, admin, member, users, sessions, published } = await setup();
    sessions.failWith = new Error('token app down');
    await expect(as(admin, member.id)).rejects.toThrow('token app down');
    expect(users.rows.has(member.id)).toBe(true);
    expect(published).toEqual([]);
  });

  it('refuses deleting yourself or someone who outranks you, and deletes nothing', async () => {
    const { as, admin, root, users, sessions } = await setup();
    await expect(as(admin, admin.id)).rejects.toMatchObject({
      code: ErrorCode.AUTH_FORBIDDEN,
      details: { reason: 'self_delete' },
    });
    await expect(as(admin, root.id)).rejects.toMatchObject({
      code: ErrorCode.AUTH_FORBIDDEN,
      details: { reason: 'target_outranks_actor' },
    });
    expect([users.rows.has(admin.id), users.rows.has(root.id)]).toEqual([true, true]);
    expect(sessions.calls).toEqual([]);
  });

  it('refuses an actor without users:delete, whatever roles the request claims', async () => {
    const { remove, member, seed } = await setup();
    const developer = await seed(['developer']);
    await expect(
      remove.execute({ actor: { userId: developer.id, roles: ['super_admin'] }, id: member.id }),
    ).rejects.toMatchObject({
      code: ErrorCode.AUTH_FORBIDDEN,
    });
  });

  it('answers USER_NOT_FOUND for an unknown or malformed id', async () => {
    const { as, root } = await setup();
    for (const id of ['0b8f7c1e-7a5e-4c43-9a43-1d2f3e4a5b6c', 'not-a-uuid'])
      await expect(as(root, id)).rejects.toMatchObject({ code: ErrorCode.USER_NOT_FOUND });
  });
});
