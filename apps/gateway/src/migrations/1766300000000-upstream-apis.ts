import { MigrationInterface, QueryRunner } from 'typeorm';

/** One column per latency bucket, as usage/latency-buckets.ts lists them when this was written. */
const HISTOGRAM = Array.from({ length: 25 }, (_, i) => `h${i} integer NOT NULL DEFAULT 0`).join(', ');

/**
 * The upstream API registry and its usage rollups (DESIGN §3). Usage is kept as hourly rollups,
 * one row per API, hour and value of one grouping (route, caller or status) with a latency
 * histogram: a month of a busy API is some hundred thousand rows whatever its request count, so
 * the usage query stays fast at 10 M requests and more (`npm run bench:usage`).
 */
export class UpstreamApis1766300000000 implements MigrationInterface {
  readonly name = 'UpstreamApis1766300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE gateway.upstream_apis (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL,
        name text NOT NULL,
        base_url text NOT NULL,
        auth_type text NOT NULL CHECK (auth_type IN ('none', 'bearer', 'header', 'basic')),
        auth_config_sealed text,
        auth_config_public jsonb,
        timeout_ms integer,
        rate_limit jsonb,
        routes jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      `CREATE INDEX upstream_apis_owner_idx ON gateway.upstream_apis (owner_id, created_at DESC, id DESC)`,
    );
    await runner.query(`
      CREATE TABLE gateway.api_usage_rollups (
        api_id uuid NOT NULL,
        dimension "char" NOT NULL,
        bucket timestamptz NOT NULL,
        key text NOT NULL,
        count integer NOT NULL,
        errors integer NOT NULL,
        ${HISTOGRAM},
        PRIMARY KEY (api_id, dimension, bucket, key)
      ) WITH (fillfactor = 80)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE gateway.api_usage_rollups`);
    await runner.query(`DROP TABLE gateway.upstream_apis`);
  }
}
