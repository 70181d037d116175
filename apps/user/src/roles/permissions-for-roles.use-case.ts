import { Injectable } from '@nestjs/common';
import { PermissionsForRolesReply, PermissionsForRolesRequest } from '@portcullis/contracts';
import { RoleCatalogStore } from './role-catalog.store';

/** Effective permissions of a set of roles, answered from the in-memory catalog after the first call. */
@Injectable()
export class PermissionsForRolesUseCase {
  constructor(private readonly catalogs: RoleCatalogStore) {}

  async execute(request: PermissionsForRolesRequest): Promise<PermissionsForRolesReply> {
    const catalog = await this.catalogs.get();
    return { permissions: catalog.permissionsFor(request.roles) };
  }
}
