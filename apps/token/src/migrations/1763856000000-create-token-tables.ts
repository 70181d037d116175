import { MigrationInterface, QueryRunner } from 'typeorm';

/** Signing keys, and refresh-token families with their tokens (DESIGN §1: the `tokens` schema). */
export class CreateTokenTables1763856000000 implements MigrationInterface {
  readonly name = 'CreateTokenTables1763856000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE tokens.signing_keys (
        kid                text PRIMARY KEY,
        alg                text NOT NULL,
        public_jwk         jsonb NOT NULL,
        private_key_sealed text NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        retired_at         timestamptz NULL,
        expires_at         timestamptz NULL
      )`);
    // At most one active key, whatever happens to the lock that normally guarantees it.
    await runner.query(
      `CREATE UNIQUE INDEX signing_keys_one_active ON tokens.signing_keys ((true)) WHERE retired_at IS NULL`,
    );
    await runner.query(`
      CREATE TABLE tokens.refresh_families (
        id             uuid PRIMARY KEY,
        user_id        uuid NOT NULL,
        device_name    text NULL,
        ip             text NULL,
        user_agent     text NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        last_used_at   timestamptz NOT NULL DEFAULT now(),
        expires_at     timestamptz NOT NULL,
        revoked_at     timestamptz NULL,
        revoked_reason text NULL
      )`);
    await runner.query(`CREATE INDEX refresh_families_user_id ON tokens.refresh_families (user_id)`);
    await runner.query(`
      CREATE TABLE tokens.refresh_tokens (
        token_hash     text PRIMARY KEY,
        family_id      uuid NOT NULL REFERENCES tokens.refresh_families (id) ON DELETE CASCADE,
        created_at     timestamptz NOT NULL DEFAULT now(),
        expires_at     timestamptz NOT NULL,
        spent_at       timestamptz NULL,
        successor_hash text NULL
      )`);
    await runner.query(`CREATE INDEX refresh_tokens_family_id ON tokens.refresh_tokens (family_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE tokens.refresh_tokens`);
    await runner.query(`DROP TABLE tokens.refresh_families`);
    await runner.query(`DROP TABLE tokens.signing_keys`);
  }
}
