import { RoleName, UserPatterns } from '@portcullis/contracts';
import { AdminDeleteUserUseCase } from '../../src/admin/admin-delete-user.use-case';
import { AdminUpdateUserUseCase } from '../../src/admin/admin-update-user.use-case';
import { RoleCatalogStore } from '../../src/roles/role-catalog.store';
import { UserRecord } from '../../src/users/user.repository';
import { InMemoryRoleRepository } from './in-memory-role.repository';
import { RecordingSessionRevoker } from './recording-session-revoker';
import { userFixture } from './user-fixture';
import { viaBus } from '@portcullis/testing';

/** The admin use cases over in-memory users, the seeded role table, a recording bus and revoker. */
export function adminFixture() {
  const f = userFixture();
  const catalogs = new RoleCatalogStore(new InMemoryRoleRepository());
  const sessions = new RecordingSessionRevoker();
  let n = 0;
  /** A stored user holding exactly `roles`. */
  const seed = async (roles: RoleName[], isActive = true): Promise<UserRecord> => {
    const user = (await f.users.insert({
      email: `${roles.join('-')}-${++n}@example.com`,
      displayName: null,
      passwordHash: 'h',
      role: roles[0],
    }))!;
    Object.assign(f.users.rows.get(user.id)!, { roles: [...roles], isActive });
    return { ...user, roles: [...roles], isActive };
  };
  return {
    ...f,
    sessions,
    seed,
    update: viaBus(UserPatterns.adminUpdate, new AdminUpdateUserUseCase(f.users, catalogs, sessions, f.views)),
    remove: new AdminDeleteUserUseCase(f.users, catalogs, sessions, f.views),
    catalogs,
  };
}
