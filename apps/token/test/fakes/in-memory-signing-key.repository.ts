import { DomainEvent } from '@portcullis/contracts';
import { SigningKeyRecord, SigningKeyRepository } from '../../src/signing-keys/signing-key.repository';

export class InMemorySigningKeyRepository extends SigningKeyRepository {
  /** Events committed with a rotation. */
  readonly outbox: DomainEvent[] = [];
  readonly rows: SigningKeyRecord[] = [];
  failReads = false;

  async findActive(): Promise<SigningKeyRecord | null> {
    if (this.failReads) throw new Error('database unreachable');
    const active = this.rows.filter((k) => !k.retiredAt).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    return active[0] ?? null;
  }

  async ensureActive(create: () => Promise<SigningKeyRecord>): Promise<SigningKeyRecord> {
    const existing = await this.findActive();
    if (existing) return existing;
    const key = await create();
    this.rows.push(key);
    return key;
  }

  async rotate(next: SigningKeyRecord, retiredExpiresAt: Date, announce?: DomainEvent): Promise<void> {
    this.rows
      .filter((k) => !k.retiredAt)
      .forEach((k) => Object.assign(k, { retiredAt: next.createdAt, expiresAt: retiredExpiresAt }));
    this.rows.push(next);
    if (announce) this.outbox.push(announce);
  }

  async listUnexpired(now: Date): Promise<SigningKeyRecord[]> {
    return this.rows.filter((k) => !k.expiresAt || k.expiresAt > now);
  }
}
