import { ErrorCode, UserPatterns } from '@portcullis/contracts';
import { viaBus } from '@portcullis/testing';
import { InMemoryRoleRepository } from '../../test/fakes/in-memory-role.repository';
import { PermissionsForRolesUseCase } from './permissions-for-roles.use-case';
import { RoleCatalogStore } from './role-catalog.store';

describe('PermissionsForRolesUseCase (seeded table)', () => {
  const permissionsOf = async (...roles: string[]) =>
    (
      await new PermissionsForRolesUseCase(new RoleCatalogStore(new InMemoryRoleRepository())).execute({
        roles: roles as never,
      })
    ).permissions;

  it('gives each role everything of the roles below it, and more', async () => {
    const chain = await Promise.all(
      ['guest', 'user', 'premium_user', 'developer', 'admin', 'super_admin'].map((r) => permissionsOf(r)),
    );
    for (let i = 1; i < chain.length; i++) expect(chain[i]).toEqual(expect.arrayContaining(chain[i - 1]));
    expect(chain[0]).toEqual(['agents:read', 'profile:read', 'roles:read']);
    expect(chain[3]).toContain('apis:write');
    expect(chain[2]).not.toContain('apis:write');
    expect(chain[4]).toEqual(expect.arrayContaining(['users:read', 'audit:read', 'queues:read']));
    expect(chain[4]).not.toContain('keys:rotate');
    expect(chain[5].length).toBeGreaterThanOrEqual(25);
  });

  it('answers sorted and without duplicates for several roles, ignoring unknown names', async () => {
    const permissions = await permissionsOf('user', 'guest', 'pirate', 'developer');
    expect(permissions).toEqual(await permissionsOf('developer'));
    expect(permissions).toEqual([...new Set(permissions)].sort());
    expect(await permissionsOf('pirate')).toEqual([]);
  });

  it('reads the tables once, however many callers arrive together', async () => {
    const roles = new InMemoryRoleRepository();
    const useCase = new PermissionsForRolesUseCase(new RoleCatalogStore(roles));
    await Promise.all([useCase.execute({ roles: ['user'] }), useCase.execute({ roles: ['admin'] })]);
    await useCase.execute({ roles: ['guest'] });
    expect(roles.loads).toBe(1);
  });

  it('loads again after a failed load instead of caching the failure', async () => {
    const roles = new InMemoryRoleRepository();
    const load = roles.loadGrants.bind(roles);
    roles.loadGrants = jest.fn().mockRejectedValueOnce(new Error('db down')).mockImplementation(load);
    const useCase = new PermissionsForRolesUseCase(new RoleCatalogStore(roles));
    await expect(useCase.execute({ roles: ['user'] })).rejects.toThrow('db down');
    await expect(useCase.execute({ roles: ['user'] })).resolves.toMatchObject({
      permissions: expect.arrayContaining(['proxy:use']),
    });
  });

  it('rejects a payload whose roles is not a list of names', async () => {
    const useCase = viaBus(
      UserPatterns.permissionsForRoles,
      new PermissionsForRolesUseCase(new RoleCatalogStore(new InMemoryRoleRepository())),
    );
    await expect(useCase.execute({ roles: 'admin' as never })).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
    });
  });
});
