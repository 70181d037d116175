import { DomainEvent } from '@portcullis/contracts';

/**
 * One login: a session, and the family of refresh tokens descended from it. Revoking the family
 * ends the session; its id is the `sid` claim of every access token issued for it.
 */
export interface RefreshFamilyRecord {
  id: string;
  userId: string;
  deviceName: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  /** Slides forward with each rotation: the expiry of the family's newest refresh token. */
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

/** One refresh token, known only by its SHA-256: the plaintext is never stored. */
export interface RefreshTokenRecord {
  tokenHash: string;
  familyId: string;
  createdAt: Date;
  expiresAt: Date;
  /** Set once, atomically, by the rotation that spends it; presenting it again is reuse. */
  spentAt: Date | null;
  successorHash: string | null;
}

export interface SessionTouch {
  at: Date;
  ip: string | null;
  userAgent: string | null;
}

/**
 * - `rotated`: this call spent the token and its successor now exists.
 * - `already_spent`: another call spent it first (a concurrent duplicate, or reuse).
 * - `family_revoked`: the session ended meanwhile; nothing changed.
 */
export type SpendOutcome = 'rotated' | 'already_spent' | 'family_revoked';

/** Refresh families (sessions) and their tokens, as plain records (the adapter owns the ORM entities). */
export abstract class SessionRepository {
  /** The family, its first token and the event announcing them (outbox): together or not at all. */
  abstract createFamily(family: RefreshFamilyRecord, token: RefreshTokenRecord, announce: DomainEvent): Promise<void>;

  abstract findToken(tokenHash: string): Promise<{ token: RefreshTokenRecord; family: RefreshFamilyRecord } | null>;

  /**
   * Spends `tokenHash` only if nobody has yet, inserts `successor`, and records the use on the
   * family (whose expiry slides to the successor's); all in one transaction.
   */
  abstract spend(tokenHash: string, successor: RefreshTokenRecord, touch: SessionTouch): Promise<SpendOutcome>;

  abstract findFamily(id: string): Promise<RefreshFamilyRecord | null>;

  /**
   * Revokes one family if it is not already; true when this call revoked it. `announce`, if given,
   * is committed with the revocation (transactional outbox) and only when this call revoked it, so
   * the event exists exactly when the revocation does, however the process dies afterwards.
   */
  abstract revokeFamily(id: string, reason: string, at: Date, announce?: DomainEvent): Promise<boolean>;

  /** Revokes the user's active families, except one; returns the ids revoked by this call. */
  abstract revokeUserFamilies(userId: string, exceptId: string | null, reason: string, at: Date): Promise<string[]>;

  /** Not revoked and not expired at `now`, newest first. */
  abstract listActive(userId: string, now: Date): Promise<RefreshFamilyRecord[]>;
}
