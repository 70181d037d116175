import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocations made durable in PostgreSQL, so a Redis that loses its data loses none of them: denied
 * access tokens (logout's `jti`) get a table, pruned once they expire; revoked sessions already are
 * `refresh_families.revoked_at`, which gets an index for "revoked within the last access lifetime".
 */
export class RevokedAccessTokens1764900000000 implements MigrationInterface {
  readonly name = 'RevokedAccessTokens1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE tokens.revoked_access_tokens (
        jti        text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX revoked_access_tokens_expires_at ON tokens.revoked_access_tokens (expires_at)`);
    await runner.query(
      `CREATE INDEX refresh_families_revoked_at ON tokens.refresh_families (revoked_at) WHERE revoked_at IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX tokens.refresh_families_revoked_at`);
    await runner.query(`DROP TABLE tokens.revoked_access_tokens`);
  }
}
