import { ErrorCode, RoleName } from '@portcullis/contracts';
import { InMemoryRoleRepository } from '../../test/fakes/in-memory-role.repository';
import { RoleCatalogStore } from '../roles/role-catalog.store';
import { AdminChanges, UserRecord } from '../users/user.repository';
import { RankPolicy } from './rank-policy';

let n = 0;
const user = (roles: RoleName[], isActive = true): UserRecord => ({
  id: `u${++n}`,
  email: `u${n}@example.com`,
  displayName: null,
  passwordHash: 'h',
  isActive,
  roles,
  createdAt: new Date(),
  updatedAt: new Date(),
});

describe('RankPolicy', () => {
  let policy: RankPolicy;
  beforeAll(async () => (policy = new RankPolicy(await new RoleCatalogStore(new InMemoryRoleRepository()).get())));

  const update = (actor: UserRecord, target: UserRecord, changes: AdminChanges) => () =>
    policy.assertMayUpdate(actor, target, changes);
  const refusedFor = (reason: string) =>
    expect.objectContaining({ code: ErrorCode.AUTH_FORBIDDEN, details: { reason } });
  const reasonOf = (fn: () => void): string | undefined => {
    try {
      fn();
      return undefined;
    } catch (err) {
      expect(err).toMatchObject({ code: ErrorCode.AUTH_FORBIDDEN });
      return (err as { details: { reason: string } }).details.reason;
    }
  };

  it.each<[string, RoleName[], RoleName[], RoleName[], string | undefined]>([
    ['admin grants premium_user', ['admin'], ['user'], ['premium_user'], undefined],
    ['admin grants developer', ['admin'], ['user'], ['developer'], undefined],
    ['admin grants admin', ['admin'], ['user'], ['admin'], 'admin_grant_requires_super_admin'],
    ['admin grants super_admin', ['admin'], ['user'], ['super_admin'], 'role_above_own'],
    ['super_admin grants admin', ['super_admin'], ['user'], ['admin'], undefined],
    ['super_admin grants super_admin', ['super_admin'], ['user'], ['super_admin'], undefined],
    ['admin edits a super_admin', ['admin'], ['super_admin'], ['user'], 'target_outranks_actor'],
    ['admin demotes a fellow admin', ['admin'], ['admin'], ['user'], undefined],
    ['admin re-sends an admin role the target already holds', ['admin'], ['admin'], ['admin', 'developer'], undefined],
    ['developer grants admin (a rank above their own)', ['developer'], ['user'], ['admin'], 'role_above_own'],
  ])('%s → %s', (_, actorRoles, targetRoles, granted, reason) => {
    expect(reasonOf(update(user(actorRoles), user(targetRoles), { roles: granted }))).toBe(reason);
  });

  it('lets nobody touch a user who outranks them, even just to disable', () => {
    expect(update(user(['admin']), user(['super_admin']), { isActive: false })).toThrow(
      refusedFor('target_outranks_actor'),
    );
    expect(update(user(['admin']), user(['user', 'super_admin']), {})).toThrow(refusedFor('target_outranks_actor'));
  });

  describe('lock-out protection (self changes)', () => {
    it('refuses disabling yourself', () => {
      const admin = user(['admin']);
      expect(update(admin, admin, { isActive: false })).toThrow(refusedFor('self_disable'));
    });

    it('refuses lowering your own highest rank, even a super_admin stepping down to admin', () => {
      const admin = user(['admin']);
      const root = user(['super_admin']);
      expect(update(admin, admin, { roles: ['user'] })).toThrow(refusedFor('self_demote'));
      expect(update(root, root, { roles: ['admin'] })).toThrow(refusedFor('self_demote'));
    });

    it('allows self changes that keep your rank, but not self-promotion', () => {
      const admin = user(['admin']);
      expect(update(admin, admin, { roles: ['developer', 'admin'] })).not.toThrow();
      expect(update(admin, admin, { isActive: true })).not.toThrow();
      expect(update(admin, admin, { roles: ['super_admin'] })).toThrow(refusedFor('role_above_own'));
    });
  });

  describe('the actor', () => {
    it('must be present, active and hold the permission, as stored now', () => {
      expect(() => policy.requireActor(undefined, 'users:write')).toThrow(refusedFor('actor_not_permitted'));
      expect(() => policy.requireActor(user(['admin'], false), 'users:write')).toThrow(
        refusedFor('actor_not_permitted'),
      );
      expect(() => policy.requireActor(user(['developer']), 'users:write')).toThrow(refusedFor('actor_not_permitted'));
      expect(policy.requireActor(user(['user', 'admin']), 'users:delete').roles).toEqual(['user', 'admin']);
    });
  });

  describe('delete', () => {
    it('refuses deleting yourself or someone who outranks you; allows equal and lower ranks', () => {
      const admin = user(['admin']);
      expect(() => policy.assertMayDelete(admin, admin)).toThrow(refusedFor('self_delete'));
      expect(() => policy.assertMayDelete(admin, user(['super_admin']))).toThrow(refusedFor('target_outranks_actor'));
      expect(() => policy.assertMayDelete(admin, user(['admin']))).not.toThrow();
      expect(() => policy.assertMayDelete(admin, user(['premium_user']))).not.toThrow();
    });
  });
});
