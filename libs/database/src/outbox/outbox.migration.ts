import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTable } from './outbox.options';

/**
 * The transactional outbox of one schema, appended to the owning app's own migration list (like
 * createSchemaMigration). `payload` is `json`, not `jsonb`: it is only ever read back whole, and
 * `json` accepts every string JSON.stringify can write (jsonb refuses \u0000), so an odd value in
 * an event can never roll back the business transaction that wrote it.
 */
export function createOutboxMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const name = `CreateOutbox${timestamp}`;
  const table = outboxTable(schema);
  const Migration = class implements MigrationInterface {
    readonly name = name;
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        CREATE TABLE ${table} (
          seq        bigserial PRIMARY KEY,
          event_id   text NOT NULL,
          event_type text NOT NULL,
          payload    json NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          attempts   integer NOT NULL DEFAULT 0,
          last_error text NULL
        )`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE ${table}`);
    }
  };
  Object.defineProperty(Migration, 'name', { value: name });
  return Migration;
}

/**
 * The request an outbox event came from (its trace context and request id), so the relay publishes
 * it inside that request's trace and its consumers' logs carry that request id.
 */
export function addOutboxTraceContextMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const name = `OutboxTraceContext${timestamp}`;
  const table = outboxTable(schema);
  const Migration = class implements MigrationInterface {
    readonly name = name;
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE ${table} ADD COLUMN traceparent text NULL, ADD COLUMN request_id text NULL`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE ${table} DROP COLUMN traceparent, DROP COLUMN request_id`);
    }
  };
  Object.defineProperty(Migration, 'name', { value: name });
  return Migration;
}
