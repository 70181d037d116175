import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WebhookDisabledReason } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../common/prepared-query';
import { isUuid } from '@portcullis/common';
import { PrefixedSubscriptionRow, SUBSCRIPTION_COLUMNS_AS_S, toPrefixedSubscription } from './subscription-row';
import { SubscriptionEntity } from './subscription.entity';
import {
  NewSubscription,
  SubscriptionChanges,
  SubscriptionRecord,
  SubscriptionRepository,
} from './subscription.repository';

@Injectable()
export class TypeOrmSubscriptionRepository extends SubscriptionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  private get rows() {
    return this.dataSource.getRepository(SubscriptionEntity);
  }

  async insert(subscription: NewSubscription): Promise<SubscriptionRecord> {
    const entity = this.rows.create({
      ...subscription,
      id: randomUUID(),
      isActive: true,
      disabledReason: null,
      failingSince: null,
      previousSecretSealed: null,
      previousSecretExpiresAt: null,
    });
    return { ...(await this.rows.save(entity)) };
  }

  async findById(id: string): Promise<SubscriptionRecord | null> {
    return isUuid(id) ? this.rows.findOneBy({ id }) : null;
  }

  async list(
    ownerUserId: string | null,
    page: number,
    limit: number,
  ): Promise<{ items: SubscriptionRecord[]; total: number }> {
    const [items, total] = await this.rows.findAndCount({
      where: ownerUserId ? { ownerUserId } : {},
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * limit,
      take: limit,
    });
    return { items, total };
  }

  async update(id: string, changes: SubscriptionChanges): Promise<SubscriptionRecord | null> {
    if (!isUuid(id)) return null;
    await this.rows.update({ id }, changes);
    return this.findById(id);
  }

  async rotateSecret(
    id: string,
    expectedSealed: string,
    nextSealed: string,
    previousExpiresAt: Date | null,
  ): Promise<SubscriptionRecord | null> {
    const result = await this.rows.update(
      { id, secretSealed: expectedSealed },
      {
        secretSealed: nextSealed,
        previousSecretSealed: previousExpiresAt ? expectedSealed : null,
        previousSecretExpiresAt: previousExpiresAt,
      },
    );
    return result.affected === 1 ? this.findById(id) : null;
  }

  async delete(id: string): Promise<void> {
    if (isUuid(id)) await this.rows.delete({ id });
  }

  async deleteByOwner(ownerUserId: string): Promise<number> {
    if (!isUuid(ownerUserId)) return 0;
    return (await this.rows.delete({ ownerUserId })).affected ?? 0;
  }

  async pauseScopeAll(ownerUserId: string): Promise<number> {
    if (!isUuid(ownerUserId)) return 0;
    const result = await this.rows.update(
      { ownerUserId, scope: 'all', isActive: true },
      { isActive: false, disabledReason: 'owner_unauthorized' },
    );
    return result.affected ?? 0;
  }

  /** Fan-out asks this for every batch of events, so it is a prepared statement rather than a query builder. */
  async findCandidates(userIds: string[]): Promise<SubscriptionRecord[]> {
    const rows = await preparedQuery<PrefixedSubscriptionRow>(
      this.dataSource,
      'find-candidates',
      `SELECT ${SUBSCRIPTION_COLUMNS_AS_S} FROM webhooks.subscriptions s WHERE s.is_active AND (s.scope = 'all' OR s.owner_user_id = ANY($1::uuid[]))`,
      [userIds],
    );
    return rows.map(toPrefixedSubscription);
  }

  /** Bookkeeping, not an edit: updated_at is left alone. */
  async markFailing(id: string, at: Date): Promise<Date | null> {
    const [rows] = await this.dataSource.query<[Array<{ failing_since: Date }>, number]>(
      'UPDATE webhooks.subscriptions SET failing_since = COALESCE(failing_since, $2) WHERE id = $1 RETURNING failing_since',
      [id, at],
    );
    return rows[0]?.failing_since ?? null;
  }

  async clearFailing(id: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE webhooks.subscriptions SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL',
      [id],
    );
  }

  async disable(id: string, reason: WebhookDisabledReason): Promise<SubscriptionRecord | null> {
    const result = await this.rows.update({ id, isActive: true }, { isActive: false, disabledReason: reason });
    return result.affected === 1 ? this.findById(id) : null;
  }
}
