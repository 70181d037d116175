import { RoleName, RoleView } from '@portcullis/contracts';
import { RoleGrants } from './role.repository';

/**
 * Effective permissions with inheritance applied: a role holds everything granted to any role of
 * equal or lower rank. Inheritance is computed here rather than stored, so a grant lives in one
 * row and moving it to another role is a one-row change. Ranks come from the roles table too, so
 * the admin rank rules follow the data rather than a second hard-coded ordering.
 */
export class RoleCatalog {
  private readonly rankOf = new Map<string, number>();
  private readonly effective = new Map<string, string[]>();
  private readonly roleViews: RoleView[];

  constructor({ roles, grants }: RoleGrants) {
    for (const role of roles) this.rankOf.set(role.name, role.rank);
    for (const role of roles) {
      const inherited = grants
        .filter((g) => (this.rankOf.get(g.role) ?? Infinity) <= role.rank)
        .map((g) => g.permission);
      this.effective.set(role.name, [...new Set(inherited)].sort());
    }
    this.roleViews = [...roles]
      .sort((a, b) => a.rank - b.rank)
      .map((r) => ({
        name: r.name as RoleName,
        rank: r.rank,
        description: r.description,
        permissions: this.effective.get(r.name)!,
      }));
  }

  isKnown(role: string): boolean {
    return this.rankOf.has(role);
  }

  /** The highest rank among `roles`; -1 for none (or only unknown names), below every real role. */
  highestRank(roles: readonly string[]): number {
    return roles.reduce((top, role) => Math.max(top, this.rankOf.get(role) ?? -1), -1);
  }

  rank(role: string): number {
    return this.rankOf.get(role) ?? -1;
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

  /** Every role, lowest rank first, with its effective permissions. */
  views(): RoleView[] {
    return this.roleViews.map((v) => ({ ...v, permissions: [...v.permissions] }));
  }

  /** Roles in rank order, as every reply lists them. */
  sortByRank<T extends string>(roles: readonly T[]): T[] {
    return [...new Set(roles)].sort((a, b) => this.rank(a) - this.rank(b));
  }
}
