import { Injectable } from '@nestjs/common';
import { RoleCatalog } from './role-catalog';
import { RoleRepository } from './role.repository';

/**
 * The role catalog, read once and then answered from memory: the role tables only change by
 * migration, which restarts the app. (When roles become editable at run time this needs
 * invalidating.) Shared by permission look-ups, the roles listing and the admin rank rules.
 */
@Injectable()
export class RoleCatalogStore {
  private catalog?: Promise<RoleCatalog>;

  constructor(private readonly roles: RoleRepository) {}

  /** One load shared by concurrent first callers; a failed load is retried by the next call. */
  get(): Promise<RoleCatalog> {
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
