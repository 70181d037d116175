import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OUTBOX_SETTINGS, OutboxSettings, outboxTable } from './outbox.options';
import { BatchResult, OutboxRow, OutboxStore, PublishOutcome } from './outbox.store';

/**
 * `FOR UPDATE SKIP LOCKED` lets every replica's relay drain the same table at once without
 * publishing a row twice in the normal case, or queueing behind each other's locks.
 */
@Injectable()
export class PgOutboxStore extends OutboxStore {
  private readonly table: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(OUTBOX_SETTINGS) settings: OutboxSettings,
  ) {
    super();
    this.table = outboxTable(settings.schema);
  }

  withClaimedBatch(limit: number, publish: (rows: OutboxRow[]) => Promise<PublishOutcome>): Promise<BatchResult> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{
        seq: string;
        event_type: string;
        payload: unknown;
        traceparent: string | null;
        request_id: string | null;
      }> = await manager.query(
        `SELECT seq::text AS seq, event_type, payload, traceparent, request_id FROM ${this.table} ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return { claimed: 0, sent: 0 };
      const outcome = await publish(
        rows.map((r) => ({
          seq: r.seq,
          eventType: r.event_type,
          payload: r.payload,
          traceparent: r.traceparent ?? undefined,
          requestId: r.request_id ?? undefined,
        })),
      );
      if (outcome.sent.length)
        await manager.query(`DELETE FROM ${this.table} WHERE seq = ANY($1::bigint[])`, [outcome.sent]);
      for (const failure of outcome.failed) {
        await manager.query(`UPDATE ${this.table} SET attempts = attempts + 1, last_error = $2 WHERE seq = $1`, [
          failure.seq,
          failure.error.slice(0, 500),
        ]);
      }
      return { claimed: rows.length, sent: outcome.sent.length };
    });
  }
}
