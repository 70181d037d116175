import { DeliveryStatus, WebhookPayload } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { AttemptOutcome, AttemptRecord, DeliveryRecord, DeliveryRepository, DeliveryWithAttempts } from '../../src/deliveries/delivery.repository';

/**
 * DeliveryRepository in memory, keeping the PostgreSQL one's rules: one delivery per (event,
 * subscription), attempts only for the current generation of an open delivery, settling only by
 * the current generation, and a new generation per replay.
 */
export class InMemoryDeliveryRepository extends DeliveryRepository {
  readonly rows = new Map<string, DeliveryRecord>();
  readonly attempts: AttemptRecord[] = [];

  async createForEvent(payload: WebhookPayload, subscriptionIds: string[]): Promise<DeliveryRecord[]> {
    return subscriptionIds.map((subscriptionId) => {
      const existing = [...this.rows.values()].find((d) => d.eventId === payload.id && d.subscriptionId === subscriptionId);
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
    });
  }

  async findById(id: string): Promise<DeliveryWithAttempts | null> {
    const row = this.rows.get(id);
    return row ? this.withAttempts(row) : null;
  }

  async listForSubscription(subscriptionId: string, status: DeliveryStatus | undefined, page: number, limit: number) {
    const all = [...this.rows.values()].filter((d) => d.subscriptionId === subscriptionId && (!status || d.status === status)).reverse();
    return { items: all.slice((page - 1) * limit, page * limit).map((d) => this.withAttempts(d)), total: all.length };
  }

  async beginAttempt(id: string, generation: number) {
    const row = this.rows.get(id);
    if (!row || row.generation !== generation || (row.status !== 'pending' && row.status !== 'failed')) return null;
    row.attemptCount += 1;
    return { delivery: { ...row }, attemptNo: row.attemptCount };
  }

  async finishAttempt({ attempt, generation, status, nextAttemptAt }: AttemptOutcome): Promise<void> {
    this.attempts.push({ ...attempt });
    const row = this.rows.get(attempt.deliveryId);
    if (row && row.generation === generation) Object.assign(row, { status, nextAttemptAt, updatedAt: new Date() });
  }

  async requeue(id: string): Promise<DeliveryRecord | null> {
    const row = this.rows.get(id);
    if (!row) return null;
    Object.assign(row, { status: 'pending', generation: row.generation + 1, nextAttemptAt: null, updatedAt: new Date() });
    return { ...row };
  }

  async requeueRange(subscriptionId: string, since: Date, until: Date): Promise<DeliveryRecord[]> {
    const due = [...this.rows.values()].filter(
      (d) => d.subscriptionId === subscriptionId && (d.status === 'failed' || d.status === 'dead') && d.createdAt >= since && d.createdAt < until,
    );
    return Promise.all(due.map((d) => this.requeue(d.id) as Promise<DeliveryRecord>));
  }

  private withAttempts(row: DeliveryRecord): DeliveryWithAttempts {
    return { ...row, attempts: this.attempts.filter((a) => a.deliveryId === row.id).sort((a, b) => a.attemptNo - b.attemptNo) };
  }
}
