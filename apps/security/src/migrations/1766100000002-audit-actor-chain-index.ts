import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /admin/audit-logs?agentId=` matches agent events by their actor chain
 * (`data->'actorChain' @> '["agt_…"]'`); a GIN index on that one expression keeps it a lookup
 * however long the log grows. Events without a chain add nothing to the index.
 */
export class AuditActorChainIndex1766100000002 implements MigrationInterface {
  readonly name = 'AuditActorChainIndex1766100000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX IF NOT EXISTS "audit_log_actor_chain_idx" ON "security"."audit_log" USING gin ((data->'actorChain'))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS "security"."audit_log_actor_chain_idx"`);
  }
}
