import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first migration of every app that owns a schema: it makes the schema exist, so a fresh
 * database is usable by `migration:run` even without the runner that usually does this first.
 */
export function createSchemaMigration(schema: string, timestamp = 1763769600000): new () => MigrationInterface {
  const name = `CreateSchema${timestamp}`;
  const Migration = class implements MigrationInterface {
    readonly name = name;
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    }
    async down(): Promise<void> {
      // The schema holds the migration history itself; dropping it is an operator's decision.
    }
  };
  Object.defineProperty(Migration, 'name', { value: name });
  return Migration;
}
