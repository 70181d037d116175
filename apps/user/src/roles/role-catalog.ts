import { RoleGrants } from './role.repository';

/**
 * Effective permissions with inheritance applied: a role holds everything granted to any role of
 * equal or lower rank. Inheritance is computed here rather than stored, so a grant lives in one
 * row and moving it to another role is a one-row change.
 */
export class RoleCatalog {
  private readonly rankOf = new Map<string, number>();
  private readonly effective = new Map<string, string[]>();

  constructor({ roles, grants }: RoleGrants) {
    for (const role of roles) this.rankOf.set(role.name, role.rank);
    for (const role of roles) {
      const inherited = grants.filter((g) => (this.rankOf.get(g.role) ?? Infinity) <= role.rank).map((g) => g.permission);
      this.effective.set(role.name, [...new Set(inherited)].sort());
    }
  }

  /** Several roles hold the union, which under inheritance is the highest one's set. Unknown names count for nothing. */
  permissionsFor(roles: readonly string[]): string[] {
    let top: string | undefined;
    for (const role of roles) {
      const rank = this.rankOf.get(role);
      if (rank !== undefined && (top === undefined || rank > this.rankOf.get(top)!)) top = role;
    }
    return top === undefined ? [] : [...this.effective.get(top)!];
  }
}
