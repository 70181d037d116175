/** An API key owner as the user app knows them now. */
export interface OwnerStanding {
  roles: string[];
  /** Effective permissions of those roles, inheritance applied. */
  permissions: string[];
}

/**
 * The ceiling of every API key: what its owner may do now. A demoted owner's keys lose what the
 * owner lost; a disabled or deleted owner's keys stop working.
 */
export abstract class OwnerPermissions {
  /** The owner's standing, possibly from a short-lived cache; null when unknown or disabled. */
  abstract of(userId: string): Promise<OwnerStanding | null>;

  /** As `of`, but asked afresh (granting scopes at creation must not rest on a stale answer). */
  abstract current(userId: string): Promise<OwnerStanding | null>;
}
