import { Injectable } from '@nestjs/common';
import { PermissionsForRolesReply, PermissionsForRolesRequest } from '@portcullis/contracts';
import { validationFailed } from '../users/user-input';
import { RoleCatalog } from './role-catalog';
import { RoleRepository } from './role.repository';

/**
 * Answers from memory after the first call: the role tables only change by migration, which
 * restarts the app. (When roles become editable at run time this cache needs invalidating.)
 */
@Injectable()
export class PermissionsForRolesUseCase {
  private catalog?: Promise<RoleCatalog>;

  constructor(private readonly roles: RoleRepository) {}

  async execute(request: PermissionsForRolesRequest): Promise<PermissionsForRolesReply> {
    const roles: unknown = request?.roles;
    if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string')) {
      throw validationFailed([{ field: 'roles', messages: ['roles must be an array of role names'] }]);
    }
    const catalog = await this.load();
    return { permissions: catalog.permissionsFor(roles as string[]) };
  }

  /** One load shared by concurrent first callers; a failed load is retried by the next call. */
  private load(): Promise<RoleCatalog> {
    this.catalog ??= this.roles.loadGrants().then(
      (grants) => new RoleCatalog(grants),
      (err: unknown) => {
        this.catalog = undefined;
        throw err;
      },
    );
    return this.catalog;
  }
}
