import { DomainEvent } from '@portcullis/contracts';
import { SigningKeyEntity } from './signing-key.entity';

/** Where signing keys live; the PostgreSQL version serializes writers across replicas. */
export abstract class SigningKeyRepository {
  /** The newest key that is not retired, or null. */
  abstract findActive(): Promise<SigningKeyEntity | null>;

  /**
   * Returns the active key, creating it with `create` if there is none. Replicas starting at once
   * must end up agreeing on one key, so the check and the insert happen under one lock.
   */
  abstract ensureActive(create: () => Promise<SigningKeyEntity>): Promise<SigningKeyEntity>;

  /**
   * Retires every active key (leaving the JWKS at `retiredExpiresAt`) and makes `next` active;
   * `announce` goes to the outbox in the same transaction.
   */
  abstract rotate(next: SigningKeyEntity, retiredExpiresAt: Date, announce?: DomainEvent): Promise<void>;

  /** Every key whose tokens may still be valid at `now`: active ones and retired ones not yet expired. */
  abstract listUnexpired(now: Date): Promise<SigningKeyEntity[]>;
}
