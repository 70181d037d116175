import { DeliveryStatus, WebhookPayload } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import {
  AttemptOutcome,
  AttemptRecord,
  AttemptTarget,
  CreatedDelivery,
  DeliveryRecord,
  DeliveryRepository,
  DeliveryWithAttempts,
  DueDelivery,
  EventTargets,
} from '../../src/deliveries/delivery.repository';
import { InMemorySubscriptionRepository } from './in-memory-subscription.repository';

/**
 * DeliveryRepository in memory, keeping the PostgreSQL one's rules: one delivery per (event,
 * subscription), attempts only for the current generation of an open delivery of a subscription
 * that still exists (from the subscriptions fake), attempts numbered as they are recorded,
 * settling only by the current generation, and a new generation per replay.
 */
export class InMemoryDeliveryRepository extends DeliveryRepository {
  readonly rows = new Map<string, DeliveryRecord>();
  readonly attempts: AttemptRecord[] = [];

  constructor(private readonly subscriptions: InMemorySubscriptionRepository) {
    super();
  }

  async createForEvents(targets: EventTargets[]): Promise<CreatedDelivery[]> {
    return targets.flatMap(({ payload, subscriptionIds }) =>
      subscriptionIds.map((subscriptionId) => this.createOnce(payload, subscriptionId)),
    );
  }

  private createOnce(payload: WebhookPayload, subscriptionId: string): DeliveryRecord {
    const existing = [...this.rows.values()].find(
      (d) => d.eventId === payload.id && d.subscriptionId === subscriptionId,
    );
    if (existing) return { ...existing };
    const now = new Date();
    const record: DeliveryRecord = {
      id: randomUUID(),
      eventId: payload.id,
      eventType: payload.type,
      subscriptionId,
      payload,
      status: 'pending',
      attemptCount: 0,
      nextAttemptAt: null,
      generation: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.rows.set(record.id, record);
    return { ...record };
  }

  async findById(id: string): Promise<DeliveryWithAttempts | null> {
    const row = this.rows.get(id);
    return row ? this.withAttempts(row) : null;
  }

  async listForSubscription(subscriptionId: string, status: DeliveryStatus | undefined, page: number, limit: number) {
    const all = [...this.rows.values()]
      .filter((d) => d.subscriptionId === subscriptionId && (!status || d.status === status))
      .reverse();
    return { items: all.slice((page - 1) * limit, page * limit).map((d) => this.withAttempts(d)), total: all.length };
  }

  async findForAttempt(id: string, generation: number): Promise<AttemptTarget | null> {
    const row = this.rows.get(id);
    if (!row || row.generation !== generation || (row.status !== 'pending' && row.status !== 'failed')) return null;
    const subscription = await this.subscriptions.findById(row.subscriptionId);
    return subscription ? { delivery: { ...row }, subscription } : null;
  }

  async finishAttempt({ attempt, generation, status, nextAttemptAt }: AttemptOutcome): Promise<void> {
    const row = this.rows.get(attempt.deliveryId);
    if (!row) return;
    row.attemptCount += 1;
    this.attempts.push({ ...attempt, attemptNo: row.attemptCount });
    if (row.generation === generation) Object.assign(row, { status, nextAttemptAt, updatedAt: new Date() });
  }

  async recordInterrupted(deliveryId: string, count: number, error: string, at: Date): Promise<void> {
    const row = this.rows.get(deliveryId);
    if (!row) return;
    for (let i = 0; i < count; i++) {
      row.attemptCount += 1;
      this.attempts.push({
        deliveryId,
        attemptNo: row.attemptCount,
        status: 'interrupted',
        responseStatus: null,
        responseBody: null,
        durationMs: 0,
        error,
        at,
      });
    }
  }

  async requeue(id: string): Promise<DeliveryRecord | null> {
    const row = this.rows.get(id);
    if (!row) return null;
    Object.assign(row, {
      status: 'pending',
      generation: row.generation + 1,
      nextAttemptAt: null,
      updatedAt: new Date(),
    });
    return { ...row };
  }

  async requeueRange(subscriptionId: string, since: Date, until: Date): Promise<DeliveryRecord[]> {
    const due = [...this.rows.values()].filter(
      (d) =>
        d.subscriptionId === subscriptionId &&
        (d.status === 'failed' || d.status === 'dead') &&
        d.createdAt >= since &&
        d.createdAt < until,
    );
    return Promise.all(due.map((d) => this.requeue(d.id) as Promise<DeliveryRecord>));
  }

  async listDue(dueBefore: Date, limit: number): Promise<DueDelivery[]> {
    const due = (d: DeliveryRecord) => (d.nextAttemptAt ?? d.updatedAt).getTime();
    return [...this.rows.values()]
      .filter((d) => (d.status === 'pending' || d.status === 'failed') && due(d) < dueBefore.getTime())
      .sort((a, b) => due(a) - due(b))
      .slice(0, limit)
      .map((d) => ({
        id: d.id,
        subscriptionId: d.subscriptionId,
        generation: d.generation,
        retriesMade: d.status === 'failed' ? d.attemptCount : 0,
      }));
  }

  private withAttempts(row: DeliveryRecord): DeliveryWithAttempts {
    return {
      ...row,
      attempts: this.attempts.filter((a) => a.deliveryId === row.id).sort((a, b) => a.attemptNo - b.attemptNo),
    };
  }
}
