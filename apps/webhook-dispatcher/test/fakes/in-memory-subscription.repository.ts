import { WebhookDisabledReason } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import {
  NewSubscription,
  SubscriptionChanges,
  SubscriptionRecord,
  SubscriptionRepository,
} from '../../src/subscriptions/subscription.repository';

/** SubscriptionRepository in a Map, with the PostgreSQL one's compare-and-set and "did I switch it off" answers. */
export class InMemorySubscriptionRepository extends SubscriptionRepository {
  readonly rows = new Map<string, SubscriptionRecord>();

  async insert(subscription: NewSubscription): Promise<SubscriptionRecord> {
    const now = new Date();
    const record: SubscriptionRecord = {
      ...subscription,
      id: randomUUID(),
      previousSecretSealed: null,
      previousSecretExpiresAt: null,
      isActive: true,
      disabledReason: null,
      failingSince: null,
      createdAt: now,
      updatedAt: now,
    };
    this.rows.set(record.id, record);
    return copy(record);
  }

  async findById(id: string): Promise<SubscriptionRecord | null> {
    const row = this.rows.get(id);
    return row ? copy(row) : null;
  }

  async list(ownerUserId: string | null, page: number, limit: number) {
    const all = [...this.rows.values()].filter((r) => !ownerUserId || r.ownerUserId === ownerUserId).reverse();
    return { items: all.slice((page - 1) * limit, page * limit).map(copy), total: all.length };
  }

  async update(id: string, changes: SubscriptionChanges): Promise<SubscriptionRecord | null> {
    const row = this.rows.get(id);
    if (!row) return null;
    Object.assign(row, changes, { updatedAt: new Date() });
    return copy(row);
  }

  async rotateSecret(
    id: string,
    expectedSealed: string,
    nextSealed: string,
    previousExpiresAt: Date | null,
  ): Promise<SubscriptionRecord | null> {
    const row = this.rows.get(id);
    if (!row || row.secretSealed !== expectedSealed) return null;
    return this.update(id, {
      secretSealed: nextSealed,
      previousSecretSealed: previousExpiresAt ? expectedSealed : null,
      previousSecretExpiresAt: previousExpiresAt,
    });
  }

  async delete(id: string): Promise<void> {
    this.rows.delete(id);
  }

  async deleteByOwner(ownerUserId: string): Promise<number> {
    const owned = [...this.rows.values()].filter((r) => r.ownerUserId === ownerUserId);
    owned.forEach((r) => this.rows.delete(r.id));
    return owned.length;
  }

  async pauseScopeAll(ownerUserId: string): Promise<number> {
    const owned = [...this.rows.values()].filter(
      (r) => r.ownerUserId === ownerUserId && r.scope === 'all' && r.isActive,
    );
    owned.forEach((r) =>
      Object.assign(r, { isActive: false, disabledReason: 'owner_unauthorized', updatedAt: new Date() }),
    );
    return owned.length;
  }

  async findCandidates(userIds: string[]): Promise<SubscriptionRecord[]> {
    return [...this.rows.values()]
      .filter((r) => r.isActive && (r.scope === 'all' || userIds.includes(r.ownerUserId)))
      .map(copy);
  }

  async markFailing(id: string, at: Date): Promise<Date | null> {
    const row = this.rows.get(id);
    if (!row) return null;
    row.failingSince ??= at;
    return row.failingSince;
  }

  async clearFailing(id: string): Promise<void> {
    const row = this.rows.get(id);
    if (row) row.failingSince = null;
  }

  async disable(id: string, reason: WebhookDisabledReason): Promise<SubscriptionRecord | null> {
    const row = this.rows.get(id);
    if (!row?.isActive) return null;
    return this.update(id, { isActive: false, disabledReason: reason });
  }
}

function copy(record: SubscriptionRecord): SubscriptionRecord {
  return { ...record, events: [...record.events] };
}
