import { DomainEvent, RoleName } from '@portcullis/contracts';

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
  /** Already normalised (normaliseEmail, applied by the user contract). */
  email: string;
  displayName: string | null;
  passwordHash: string;
  role: RoleName;
}

/** Profile fields a user may change about themselves; roles are deliberately not among them. */
export interface ProfileChanges {
  displayName?: string | null;
}

export interface UserListQuery {
  offset: number;
  limit: number;
  /** Already trimmed; matched case-insensitively as a literal substring (no wildcards). */
  search?: string;
}

/** What an administrator may change; each field left out stays as it is. */
export interface AdminChanges {
  /** Replaces the whole set. */
  roles?: RoleName[];
  isActive?: boolean;
}

/** Work done inside one database transaction: everything commits together or not at all. */
export interface UserTransaction {
  /**
   * Reads and row-locks these users until the transaction ends (in id order, so two transactions
   * locking the same pair never deadlock). Unknown ids and non-UUIDs are simply absent.
   */
  lockUsers(ids: string[]): Promise<Map<string, UserRecord>>;
  applyAdminChanges(id: string, changes: AdminChanges): Promise<UserRecord>;
  /** Resolves whether the user existed; their role assignments go with them. */
  delete(id: string): Promise<boolean>;
  /** Serialises start-up bootstrap across replicas; released when the transaction ends. */
  lockBootstrap(): Promise<void>;
  anyWithRole(role: RoleName): Promise<boolean>;
  findByEmail(email: string): Promise<UserRecord | null>;
  /** Like UserRepository.insert, without aborting the transaction when the email is taken (null). */
  insert(user: NewUser): Promise<UserRecord | null>;
  grantRole(id: string, role: RoleName): Promise<void>;
  /** Null for an unknown id. */
  updateProfile(id: string, changes: ProfileChanges): Promise<UserRecord | null>;
  /**
   * Compare-and-set: replaces the hash only while it is still `expected`, so a password changed
   * concurrently by someone else is not silently overwritten. Resolves whether it was replaced.
   */
  replacePasswordHash(id: string, expected: string, next: string): Promise<boolean>;
  /**
   * Writes the event to this schema's outbox in this transaction: it is published after, and only
   * if, the change commits, and a crash after the commit cannot lose it (the relay sends it later).
   */
  announce(event: DomainEvent): Promise<void>;
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

  /** Newest first (ties broken by id, so pages never overlap), with the total the filter matches. */
  abstract list(query: UserListQuery): Promise<{ items: UserRecord[]; total: number }>;

  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  abstract transaction<T>(work: (tx: UserTransaction) => Promise<T>): Promise<T>;
}
