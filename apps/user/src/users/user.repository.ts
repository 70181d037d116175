import { RoleName } from '@portcullis/contracts';

/** A user as this app holds it; the hash never leaves the app (see user-dto.ts). */
export interface UserRecord {
  id: string;
  email: string;
  displayName: string | null;
  passwordHash: string;
  isActive: boolean;
  /** Lowest rank first. */
  roles: RoleName[];
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  /** Already normalised (see user-input.ts). */
  email: string;
  displayName: string | null;
  passwordHash: string;
  role: RoleName;
}

/** Profile fields a user may change about themselves; roles are deliberately not among them. */
export interface ProfileChanges {
  displayName?: string | null;
}

export abstract class UserRepository {
  /**
   * Stores the user and its role in one transaction. Resolves null when the email is taken: the
   * unique index decides, so of many concurrent creates exactly one wins (a pre-check would race).
   */
  abstract insert(user: NewUser): Promise<UserRecord | null>;

  abstract findByEmail(email: string): Promise<UserRecord | null>;

  /** Null for an unknown id, including one that is not a UUID at all. */
  abstract findById(id: string): Promise<UserRecord | null>;

  abstract updateProfile(id: string, changes: ProfileChanges): Promise<UserRecord | null>;

  /**
   * Compare-and-set: replaces the hash only while it is still `expected`, so a password changed
   * concurrently by someone else is not silently overwritten. Resolves whether it was replaced.
   */
  abstract replacePasswordHash(id: string, expected: string, next: string): Promise<boolean>;
}
