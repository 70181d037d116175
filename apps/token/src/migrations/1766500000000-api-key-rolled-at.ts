import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each API key was last rolled, so the end of the access tokens exchanged before the roll (a
 * session revocation of the key id with `issuedBefore`) outlives a Redis that lost its data, as a
 * revocation's does through `revoked_at`. Keys rolled before this column existed keep NULL: the
 * tokens exchanged before those rolls were not ended then and are not now. Both columns get a partial index for
 * "revoked or rolled within the last access-token lifetime", read whenever revocations are reloaded.
 */
export class ApiKeyRolledAt1766500000000 implements MigrationInterface {
  readonly name = 'ApiKeyRolledAt1766500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE tokens.api_keys ADD COLUMN rolled_at timestamptz NULL`);
    await runner.query(`CREATE INDEX api_keys_revoked_at ON tokens.api_keys (revoked_at) WHERE revoked_at IS NOT NULL`);
    await runner.query(`CREATE INDEX api_keys_rolled_at ON tokens.api_keys (rolled_at) WHERE rolled_at IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX tokens.api_keys_rolled_at`);
    await runner.query(`DROP INDEX tokens.api_keys_revoked_at`);
    await runner.query(`ALTER TABLE tokens.api_keys DROP COLUMN rolled_at`);
  }
}
