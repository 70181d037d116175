import { SEED_PERMISSIONS, SEED_ROLES } from '../../src/migrations/1763856000000-users-and-roles.seed';
import { RoleGrants, RoleRepository } from '../../src/roles/role.repository';

/** The seeded role table, in memory; counts loads so tests can see the cache at work. */
export class InMemoryRoleRepository extends RoleRepository {
  loads = 0;

  constructor(
    private readonly data: RoleGrants = {
      roles: SEED_ROLES.map(([name, rank, description]) => ({ name, rank, description })),
      grants: SEED_PERMISSIONS.map(([permission, role]) => ({ role, permission })),
    },
  ) {
    super();
  }

  async loadGrants(): Promise<RoleGrants> {
    this.loads += 1;
    return this.data;
  }
}
