import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The usage batches already merged, by the id the recorder gave each: a job redelivered after its
 * transaction committed (the worker died before BullMQ heard it finish) finds its id here and adds
 * nothing a second time. Ids are kept a day, far past the queue's last retry (about 17 minutes).
 */
export class UsageBatches1766800000000 implements MigrationInterface {
  readonly name = 'UsageBatches1766800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE gateway.api_usage_batches (
        id uuid PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX api_usage_batches_applied_idx ON gateway.api_usage_batches (applied_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE gateway.api_usage_batches`);
  }
}
