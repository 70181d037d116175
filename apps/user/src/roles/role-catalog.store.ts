import { Injectable } from '@nestjs/common';
import { RoleCatalog } from './role-catalog';
import { RoleRepository } from './role.repository';

/**
 * The role catalog — the one source of role → permission answers for the whole platform — read
 * once and then answered from memory. A change to the role tables calls RolesChangedNotice.announce,
 * which drops it here and on every other holder (`roles-changed` broadcast). Shared by permission
 * look-ups, the roles listing and the admin rank rules.
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

  /** The next call reads the tables again. */
  drop(): void {
    this.catalog = undefined;
  }
}
