import { DomainEvent } from '@portcullis/contracts';

/** The public half of a key as published in the JWKS (no kid/alg/use: those come from the row). */
export type PublicJwk = Record<string, unknown> & { kty: string };

/**
 * One JWT signing key. The active key is the newest with no `retiredAt`; a retired key stays in the
 * JWKS until `expiresAt`, when no token it signed can still be valid.
 */
export interface SigningKeyRecord {
  kid: string;
  alg: string;
  publicJwk: PublicJwk;
  /** PKCS#8 PEM sealed with SecretBox: a database dump alone cannot sign tokens. */
  privateKeySealed: string;
  createdAt: Date;
  retiredAt: Date | null;
  expiresAt: Date | null;
}

/** Where signing keys live, as plain records; the PostgreSQL version serializes writers across replicas. */
export abstract class SigningKeyRepository {
  /** The newest key that is not retired, or null. */
  abstract findActive(): Promise<SigningKeyRecord | null>;

  /**
   * Returns the active key, creating it with `create` if there is none. Replicas starting at once
   * must end up agreeing on one key, so the check and the insert happen under one lock.
   */
  abstract ensureActive(create: () => Promise<SigningKeyRecord>): Promise<SigningKeyRecord>;

  /**
   * Retires every active key (leaving the JWKS at `retiredExpiresAt`) and makes `next` active;
   * `announce` goes to the outbox in the same transaction.
   */
  abstract rotate(next: SigningKeyRecord, retiredExpiresAt: Date, announce?: DomainEvent): Promise<void>;

  /** Every key whose tokens may still be valid at `now`: active ones and retired ones not yet expired. */
  abstract listUnexpired(now: Date): Promise<SigningKeyRecord[]>;
}
