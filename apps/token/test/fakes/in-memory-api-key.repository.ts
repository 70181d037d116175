import { DomainEvent } from '@portcullis/contracts';
import { ApiKeyRecord, ApiKeyRepository, ApiKeyUse } from '../../src/api-keys/api-key.repository';

/** The PostgreSQL repository's behaviour in memory; each method is atomic as the real one is. */
export class InMemoryApiKeyRepository extends ApiKeyRepository {
  readonly rows = new Map<string, ApiKeyRecord>();
  /** Events committed with a change, as the outbox would hold them for the relay. */
  readonly outbox: DomainEvent[] = [];
  readonly touches: Array<readonly ApiKeyUse[]> = [];
  lookups = 0;
  failTouches = false;

  async insert(record: ApiKeyRecord, announce: DomainEvent): Promise<void> {
    if ([...this.rows.values()].some((r) => r.lookupId === record.lookupId)) throw new Error('duplicate lookup id');
    this.rows.set(record.id, { ...record });
    this.outbox.push(announce);
  }

  async findById(id: string): Promise<ApiKeyRecord | null> {
    const row = this.rows.get(id);
    return row ? { ...row } : null;
  }

  async findByLookupId(lookupId: string): Promise<ApiKeyRecord | null> {
    this.lookups++;
    const row = [...this.rows.values()].find((r) => r.lookupId === lookupId);
    return row ? { ...row } : null;
  }

  async listByOwner(ownerUserId: string): Promise<ApiKeyRecord[]> {
    return [...this.rows.values()]
      .filter((r) => r.ownerUserId === ownerUserId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((r) => ({ ...r }));
  }

  async revoke(id: string, at: Date, announce: DomainEvent): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || row.revokedAt) return false;
    row.revokedAt = at;
    this.outbox.push(announce);
    return true;
  }

  async roll(
    id: string,
    hash: string,
    previousExpiresAt: Date,
    rolledAt: Date,
    announce: DomainEvent,
  ): Promise<ApiKeyRecord | null> {
    const row = this.rows.get(id);
    if (!row || row.revokedAt) return null;
    // As the SQL: at least a second after the last roll, so racing rolls still move it on.
    const last = row.rolledAt ? row.rolledAt.getTime() + 1000 : -Infinity;
    Object.assign(row, {
      previousHash: row.hash,
      previousExpiresAt,
      hash,
      rolledAt: new Date(Math.max(rolledAt.getTime(), last)),
    });
    this.outbox.push(announce);
    return { ...row };
  }

  async touch(uses: readonly ApiKeyUse[]): Promise<void> {
    if (this.failTouches) throw new Error('database unreachable');
    this.touches.push(uses);
    for (const { id, at } of uses) {
      const row = this.rows.get(id);
      if (row && (!row.lastUsedAt || row.lastUsedAt < at)) row.lastUsedAt = at;
    }
  }
}
