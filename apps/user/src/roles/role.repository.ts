/** The role table and its grants as stored: each permission granted to the lowest role that holds it. */
export interface RoleGrants {
  roles: Array<{ name: string; rank: number; description: string }>;
  grants: Array<{ role: string; permission: string }>;
}

export abstract class RoleRepository {
  abstract loadGrants(): Promise<RoleGrants>;
}
