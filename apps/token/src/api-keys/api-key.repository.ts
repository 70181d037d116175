import { ApiKeyQuota, ApiKeyRateLimit, DomainEvent } from '@portcullis/contracts';
import { ApiKeyEnvironment } from './api-key-format';

/** One API key as stored: the key itself never is, only its peppered hash. */
export interface ApiKeyRecord {
  id: string;
  ownerUserId: string;
  name: string;
  environment: ApiKeyEnvironment;
  /** The public part of the key, unique: verification finds the row by it. */
  lookupId: string;
  hash: string;
  /** The secret before the last roll, accepted until `previousExpiresAt`. */
  previousHash: string | null;
  previousExpiresAt: Date | null;
  scopes: string[];
  expiresAt: Date | null;
  rateLimit: ApiKeyRateLimit | null;
  quota: ApiKeyQuota | null;
  createdAt: Date;
  /**
   * When the secret last changed (null: never rolled). With `createdAt`, when the current secret
   * became current: an exchange signs that into its token (`key_gen`), which a later roll cuts off.
   */
  rolledAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface ApiKeyUse {
  id: string;
  at: Date;
}

/** API keys; every method that announces an event commits it with the change (outbox). */
export abstract class ApiKeyRepository {
  abstract insert(record: ApiKeyRecord, announce: DomainEvent): Promise<void>;

  abstract findById(id: string): Promise<ApiKeyRecord | null>;

  abstract findByLookupId(lookupId: string): Promise<ApiKeyRecord | null>;

  /** Newest first, revoked ones included. */
  abstract listByOwner(ownerUserId: string): Promise<ApiKeyRecord[]>;

  /** Revokes the key if it is not already; true when this call did (and only then is `announce` kept). */
  abstract revoke(id: string, at: Date, announce: DomainEvent): Promise<boolean>;

  /**
   * Makes `hash` the key's secret and its current one the previous, accepted until
   * `previousExpiresAt`; only while the key is not revoked. Keeps `rolledAt` as the key's last roll
   * (revocations are rebuilt from it: the tokens exchanged before it are dead), at least a second after
   * the one before, so each secret starts in a second of its own even when two rolls race. The record
   * after (its `rolledAt` is the roll's), or null.
   */
  abstract roll(
    id: string,
    hash: string,
    previousExpiresAt: Date,
    rolledAt: Date,
    announce: DomainEvent,
  ): Promise<ApiKeyRecord | null>;

  /** Records uses in one statement; a use never moves `last_used_at` backwards. */
  abstract touch(uses: readonly ApiKeyUse[]): Promise<void>;
}
