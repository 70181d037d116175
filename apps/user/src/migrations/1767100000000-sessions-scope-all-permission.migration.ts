import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `sessions:scope-all` (admin): list any user's sessions (`GET /auth/sessions?userId=`), as DESIGN's
 * "a user sees only their own sessions; admin sees all" has it. A permission rather than the role,
 * so an admin's key holds it only within its scopes, like the other `*:scope-all` permissions.
 */
export class SessionsScopeAllPermission1767100000000 implements MigrationInterface {
  readonly name = 'SessionsScopeAllPermission1767100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `INSERT INTO "users"."permissions" ("name", "description") VALUES
         ('sessions:scope-all', 'See anyone''s sessions')
       ON CONFLICT DO NOTHING`,
    );
    await runner.query(
      `INSERT INTO "users"."role_permissions" ("role", "permission") VALUES ('admin', 'sessions:scope-all') ON CONFLICT DO NOTHING`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM "users"."permissions" WHERE "name" = 'sessions:scope-all'`);
  }
}
