import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gateways reload the revoked agents whose tokens may still be live each time they start or their
 * Redis connection comes back (`revoked_at IS NOT NULL AND expires_at > now()`): a partial index
 * keeps that a range scan over the few revoked rows, not a pass over every agent ever granted.
 */
export class RevokedAgentsIndex1766700000000 implements MigrationInterface {
  readonly name = 'RevokedAgentsIndex1766700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX "agents_revoked_expiry_idx" ON "agents"."agents" ("expires_at") WHERE "revoked_at" IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "agents"."agents_revoked_expiry_idx"`);
  }
}
