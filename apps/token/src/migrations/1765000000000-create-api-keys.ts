import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys (DESIGN §3). Only a peppered hash of each key is kept; `lookup_id` is the public part of
 * the key, unique and indexed, so verification is one index probe. A roll keeps the row and moves
 * the old hash to `previous_hash` until `previous_expires_at` (the grace period).
 */
export class CreateApiKeys1765000000000 implements MigrationInterface {
  readonly name = 'CreateApiKeys1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE tokens.api_keys (
        id                         uuid PRIMARY KEY,
        owner_user_id              uuid NOT NULL,
        name                       text NOT NULL,
        environment                text NOT NULL CHECK (environment IN ('live', 'test')),
        lookup_id                  text NOT NULL,
        hash                       text NOT NULL,
        previous_hash              text NULL,
        previous_expires_at        timestamptz NULL,
        scopes                     text[] NOT NULL DEFAULT '{}',
        expires_at                 timestamptz NULL,
        rate_limit_limit           integer NULL CHECK (rate_limit_limit > 0),
        rate_limit_window_seconds  integer NULL CHECK (rate_limit_window_seconds > 0),
        quota_limit                integer NULL CHECK (quota_limit > 0),
        quota_refill               text NULL CHECK (quota_refill IN ('daily', 'monthly')),
        created_at                 timestamptz NOT NULL DEFAULT now(),
        revoked_at                 timestamptz NULL,
        last_used_at               timestamptz NULL,
        CHECK ((rate_limit_limit IS NULL) = (rate_limit_window_seconds IS NULL)),
        CHECK ((quota_limit IS NULL) = (quota_refill IS NULL))
      )`);
    await runner.query(`CREATE UNIQUE INDEX api_keys_lookup_id ON tokens.api_keys (lookup_id)`);
    await runner.query(`CREATE INDEX api_keys_owner ON tokens.api_keys (owner_user_id, created_at DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE tokens.api_keys`);
  }
}
