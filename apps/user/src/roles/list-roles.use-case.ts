import { Injectable } from '@nestjs/common';
import { RoleView } from '@portcullis/contracts';
import { RoleCatalogStore } from './role-catalog.store';

/** The role table for `GET /roles`: lowest rank first, each with its effective (inherited) permissions. */
@Injectable()
export class ListRolesUseCase {
  constructor(private readonly catalogs: RoleCatalogStore) {}

  async execute(): Promise<RoleView[]> {
    return (await this.catalogs.get()).views();
  }
}
