import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the admin user listing: newest first, and a case-insensitive substring search on
 * email and display name. A substring (`%term%`) cannot use a b-tree, so the search uses pg_trgm
 * GIN indexes, which serve ILIKE directly. Where the extension cannot be installed (not shipped,
 * or no privilege to create it) the listing still works, scanning instead of using an index.
 */
export class UserListingIndexes1763942400000 implements MigrationInterface {
  readonly name = 'UserListingIndexes1763942400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX "users_created_at_idx" ON "users"."users" ("created_at" DESC, "id" DESC)`);
    const trgmSchema = await this.installTrigrams(runner);
    if (!trgmSchema) return;
    // The operator class is schema-qualified: the extension may live in any schema, not always on the search path.
    const ops = `"${trgmSchema.replace(/"/g, '""')}".gin_trgm_ops`;
    await runner.query(`CREATE INDEX "users_email_trgm_idx" ON "users"."users" USING gin ("email" ${ops})`);
    await runner.query(
      `CREATE INDEX "users_display_name_trgm_idx" ON "users"."users" USING gin ("display_name" ${ops})`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const index of ['users_display_name_trgm_idx', 'users_email_trgm_idx', 'users_created_at_idx']) {
      await runner.query(`DROP INDEX IF EXISTS "users"."${index}"`);
    }
    // pg_trgm stays: it is database-wide, and another schema may have come to rely on it.
  }

  /** The schema pg_trgm is installed in, or null when it is unavailable here. */
  private async installTrigrams(runner: QueryRunner): Promise<string | null> {
    const available = (await runner.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'`)) as unknown[];
    if (available.length === 0) return null;
    // A savepoint, so a refused CREATE EXTENSION (no privilege) does not abort the whole migration.
    const guarded = runner.isTransactionActive;
    if (guarded) await runner.query('SAVEPOINT "pg_trgm"');
    try {
      await runner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      if (guarded) await runner.query('RELEASE SAVEPOINT "pg_trgm"');
    } catch {
      if (guarded) await runner.query('ROLLBACK TO SAVEPOINT "pg_trgm"');
      return null;
    }
    const rows = (await runner.query(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
    )) as Array<{ schema: string }>;
    return rows[0]?.schema ?? null;
  }
}
