import { MigrationInterface, QueryRunner } from 'typeorm';

/** One column per latency bucket, as usage/latency-buckets.ts lists them when this was written. */
const COLUMNS = Array.from({ length: 25 }, (_, i) => `h${i}`);

/**
 * Daily usage rollups beside the hourly ones: a month by caller sums 30 rows per key instead of
 * 720. Same columns, bucketed by the UTC day; the counts are bigint because a day of one busy key
 * can pass 2^31 where an hour cannot. The batch writer adds every increment to both tables in one
 * transaction, and this backfills the days from the hourly rows already there, so a range of whole
 * days reads the same sums from either table.
 */
export class UsageDailyRollups1766400000000 implements MigrationInterface {
  readonly name = 'UsageDailyRollups1766400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE gateway.api_usage_daily (
        api_id uuid NOT NULL,
        dimension "char" NOT NULL,
        day date NOT NULL,
        key text NOT NULL,
        count bigint NOT NULL,
        errors bigint NOT NULL,
        ${COLUMNS.map((c) => `${c} bigint NOT NULL DEFAULT 0`).join(', ')},
        PRIMARY KEY (api_id, dimension, day, key)
      ) WITH (fillfactor = 80)`);
    // Writers of hourly rows wait for the backfill to commit, so no increment lands in between unseen.
    await runner.query(`LOCK TABLE gateway.api_usage_rollups IN SHARE MODE`);
    const sums = ['count', 'errors', ...COLUMNS];
    await runner.query(`
      INSERT INTO gateway.api_usage_daily (api_id, dimension, day, key, ${sums.join(', ')})
      SELECT api_id, dimension, date_trunc('day', bucket AT TIME ZONE 'UTC')::date, key,
             ${sums.map((c) => `sum(${c})`).join(', ')}
      FROM gateway.api_usage_rollups
      GROUP BY 1, 2, 3, 4`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE gateway.api_usage_daily`);
  }
}
