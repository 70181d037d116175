import { ROLE_NAMES } from '@portcullis/contracts';
import { InMemoryRoleRepository } from '../../test/fakes/in-memory-role.repository';
import { ListRolesUseCase } from './list-roles.use-case';
import { RoleCatalogStore } from './role-catalog.store';

describe('ListRolesUseCase (seeded table)', () => {
  const listRoles = () => new ListRolesUseCase(new RoleCatalogStore(new InMemoryRoleRepository())).execute();

  it('lists the six roles lowest rank first, each with a description', async () => {
    const roles = await listRoles();
    expect(roles.map((r) => r.name)).toEqual([...ROLE_NAMES]);
    expect(roles.map((r) => r.rank)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const role of roles) expect(role.description.length).toBeGreaterThan(0);
  });

  it('gives each role its effective permissions: everything of the roles below it, and more', async () => {
    const roles = await listRoles();
    for (let i = 1; i < roles.length; i++)
      expect(roles[i].permissions).toEqual(expect.arrayContaining(roles[i - 1].permissions));
    const byName = new Map(roles.map((r) => [r.name, r.permissions]));
    expect(byName.get('developer')).toContain('proxy:use');
    expect(byName.get('admin')).toContain('users:read');
    expect(byName.get('admin')).not.toContain('roles:write');
    expect(byName.get('super_admin')).toEqual(expect.arrayContaining(['roles:write', 'keys:rotate', 'profile:read']));
  });

  it('hands out copies, so a caller cannot alter the cached catalog', async () => {
    const useCase = new ListRolesUseCase(new RoleCatalogStore(new InMemoryRoleRepository()));
    (await useCase.execute())[0].permissions.push('everything:allowed');
    expect((await useCase.execute())[0].permissions).not.toContain('everything:allowed');
  });
});
