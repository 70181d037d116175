import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * security.audit_log: append-only and hash-chained (see audit/audit-chain.ts). The trigger stops
 * the application, and anyone else without DDL rights, from changing or removing a record. An
 * operator with DDL rights can still disable or drop the trigger; the hash chain is what then
 * shows that a record was changed or removed from the middle.
 */
export class CreateAuditLog1764057600000 implements MigrationInterface {
  readonly name = 'CreateAuditLog1764057600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE security.audit_log (
        seq          bigserial PRIMARY KEY,
        id           uuid NOT NULL UNIQUE,
        type         text NOT NULL,
        actor_id     text NULL,
        subject_type text NOT NULL,
        subject_id   text NOT NULL,
        ip           text NULL,
        user_agent   text NULL,
        request_id   text NULL,
        data         jsonb NOT NULL,
        occurred_at  timestamptz NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        prev_hash    text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash         text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
      )`);
    // One per list query shape, each ending in the sort (occurred_at DESC, seq DESC), so a page is
    // read straight off the index in order, never sorted, at any table size.
    await runner.query(`CREATE INDEX audit_log_recent ON security.audit_log (occurred_at DESC, seq DESC)`);
    await runner.query(`CREATE INDEX audit_log_by_actor ON security.audit_log (actor_id, occurred_at DESC, seq DESC)`);
    await runner.query(`CREATE INDEX audit_log_by_type ON security.audit_log (type, occurred_at DESC, seq DESC)`);
    await runner.query(`
      CREATE FUNCTION security.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'security.audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await runner.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON security.audit_log
      FOR EACH ROW EXECUTE FUNCTION security.audit_log_append_only()`);
    // TRUNCATE fires no row triggers, so it gets its own.
    await runner.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON security.audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION security.audit_log_append_only()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE security.audit_log`);
    await runner.query(`DROP FUNCTION security.audit_log_append_only()`);
  }
}
