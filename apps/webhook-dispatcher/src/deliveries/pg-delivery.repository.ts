import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DeliveryStatus, WebhookPayload } from '@portcullis/contracts';
import { DataSource, QueryFailedError } from 'typeorm';
import { isUuid } from '../common/uuid';
import { AttemptRow, DeliveryRow, toAttemptRecord, toDeliveryRecord } from './delivery-rows';
import { AttemptOutcome, DeliveryRecord, DeliveryRepository, DeliveryWithAttempts } from './delivery.repository';

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Deliveries in plain SQL: each step that must be atomic (create-once, claim an attempt, record
 * and settle it, replay) is one statement, which reads more plainly here than through the ORM.
 * (pg answers an UPDATE with [rows, rowCount]; a SELECT or INSERT with rows.)
 */
@Injectable()
export class PgDeliveryRepository extends DeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async createForEvent(payload: WebhookPayload, subscriptionIds: string[]): Promise<DeliveryRecord[]> {
    if (subscriptionIds.length === 0) return [];
    const rows: DeliveryRow[] = await this.dataSource.query(
      `WITH created AS (
         INSERT INTO webhooks.deliveries (id, event_id, event_type, subscription_id, payload)
         SELECT gen_random_uuid(), $1, $2, s, $3::jsonb FROM unnest($4::uuid[]) AS s
         ON CONFLICT (event_id, subscription_id) DO NOTHING
         RETURNING *)
       SELECT * FROM created
       UNION ALL
       SELECT * FROM webhooks.deliveries WHERE event_id = $1 AND subscription_id = ANY($4::uuid[])`,
      [payload.id, payload.type, JSON.stringify(payload), subscriptionIds],
    );
    return rows.map(toDeliveryRecord);
  }

  async findById(id: string): Promise<DeliveryWithAttempts | null> {
    if (!isUuid(id)) return null;
    const rows: DeliveryRow[] = await this.dataSource.query('SELECT * FROM webhooks.deliveries WHERE id = $1', [id]);
    return rows.length ? (await this.withAttempts(rows))[0] : null;
  }

  async listForSubscription(subscriptionId: string, status: DeliveryStatus | undefined, page: number, limit: number) {
    const filter = 'subscription_id = $1 AND ($2::text IS NULL OR status = $2)';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM webhooks.deliveries WHERE ${filter}`, [subscriptionId, status ?? null]);
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT * FROM webhooks.deliveries WHERE ${filter} ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [subscriptionId, status ?? null, limit, (page - 1) * limit],
    );
    return { items: await this.withAttempts(rows), total: total as number };
  }

  async beginAttempt(id: string, generation: number): Promise<{ delivery: DeliveryRecord; attemptNo: number } | null> {
    const [rows] = (await this.dataSource.query(
      `UPDATE webhooks.deliveries SET attempt_count = attempt_count + 1, updated_at = now()
       WHERE id = $1 AND generation = $2 AND status IN ('pending', 'failed') RETURNING *`,
      [id, generation],
    )) as [DeliveryRow[], number];
    return rows.length ? { delivery: toDeliveryRecord(rows[0]), attemptNo: rows[0].attempt_count } : null;
  }

  async finishAttempt({ attempt, generation, status, nextAttemptAt }: AttemptOutcome): Promise<void> {
    try {
      await this.dataSource.query(
        `WITH recorded AS (
           INSERT INTO webhooks.delivery_attempts (delivery_id, attempt_no, status, response_status, response_body, duration_ms, error, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING)
         UPDATE webhooks.deliveries SET status = $9, next_attempt_at = $10, updated_at = now() WHERE id = $1 AND generation = $11`,
        [attempt.deliveryId, attempt.attemptNo, attempt.status, attempt.responseStatus, attempt.responseBody, attempt.durationMs, attempt.error, attempt.at, status, nextAttemptAt, generation],
      );
    } catch (err) {
      // The subscription (and with it the delivery) was deleted while the request was in flight.
      if (!(err instanceof QueryFailedError && (err.driverError as { code?: string }).code === FOREIGN_KEY_VIOLATION)) throw err;
    }
  }

  async requeue(id: string): Promise<DeliveryRecord | null> {
    if (!isUuid(id)) return null;
    const [rows] = (await this.dataSource.query(`UPDATE webhooks.deliveries SET ${REQUEUE} WHERE id = $1 RETURNING *`, [id])) as [DeliveryRow[], number];
    return rows.length ? toDeliveryRecord(rows[0]) : null;
  }

  async requeueRange(subscriptionId: string, since: Date, until: Date): Promise<DeliveryRecord[]> {
    const [rows] = (await this.dataSource.query(
      `UPDATE webhooks.deliveries SET ${REQUEUE}
       WHERE subscription_id = $1 AND status IN ('failed', 'dead') AND created_at >= $2 AND created_at < $3 RETURNING *`,
      [subscriptionId, since, until],
    )) as [DeliveryRow[], number];
    return rows.map(toDeliveryRecord);
  }

  private async withAttempts(rows: DeliveryRow[]): Promise<DeliveryWithAttempts[]> {
    if (rows.length === 0) return [];
    const attempts: AttemptRow[] = await this.dataSource.query(
      'SELECT * FROM webhooks.delivery_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY delivery_id, attempt_no',
      [rows.map((r) => r.id)],
    );
    return rows.map((row) => ({ ...toDeliveryRecord(row), attempts: attempts.filter((a) => a.delivery_id === row.id).map(toAttemptRecord) }));
  }
}

/** A replay: pending again, in a new generation, so any job of the old one stands down. */
const REQUEUE = `status = 'pending', generation = generation + 1, next_attempt_at = NULL, updated_at = now()`;
