import { OwnerPermissions, OwnerStanding } from '../../src/api-keys/owner-permissions';

/** The user app as a table tests edit: demote, disable or delete an owner by changing an entry. */
export class FakeOwnerPermissions extends OwnerPermissions {
  readonly owners = new Map<string, OwnerStanding>();
  calls = 0;

  set(userId: string, permissions: string[], roles = ['user']): void {
    this.owners.set(userId, { roles, permissions });
  }

  async of(userId: string): Promise<OwnerStanding | null> {
    return this.current(userId);
  }

  async current(userId: string): Promise<OwnerStanding | null> {
    this.calls++;
    const owner = this.owners.get(userId);
    return owner ? { roles: [...owner.roles], permissions: [...owner.permissions] } : null;
  }
}
