import { Injectable } from '@nestjs/common';
import { PermissionsForRolesReply, PermissionsForRolesRequest } from '@portcullis/contracts';
import { validationFailed } from '../users/user-input';
import { RoleCatalogStore } from './role-catalog.store';

/** Effective permissions of a set of roles, answered from the in-memory catalog after the first call. */
@Injectable()
export class PermissionsForRolesUseCase {
  constructor(private readonly catalogs: RoleCatalogStore) {}

  async execute(request: PermissionsForRolesRequest): Promise<PermissionsForRolesReply> {
    const roles: unknown = request?.roles;
    if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string')) {
      throw validationFailed([{ field: 'roles', messages: ['roles must be an array of role names'] }]);
    }
    const catalog = await this.catalogs.get();
    return { permissions: catalog.permissionsFor(roles as string[]) };
  }
}
