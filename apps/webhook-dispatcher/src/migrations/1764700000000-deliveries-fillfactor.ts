import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Leaves a fifth of each deliveries page free. Every attempt updates its delivery (status, counts,
 * next attempt), none of them indexed columns, so with room on the page the new row version is a
 * heap-only (HOT) update and no index gets a new entry. Measured on batches of 64 attempts:
 * PostgreSQL spent 30 µs per attempt's write against 39–43 µs with full pages; inserts cost the
 * same. Applies to pages written from now on; existing rows are not rewritten.
 */
export class DeliveriesFillfactor1764700000000 implements MigrationInterface {
  readonly name = 'DeliveriesFillfactor1764700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE webhooks.deliveries SET (fillfactor = 80)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE webhooks.deliveries RESET (fillfactor)`);
  }
}
