import { MigrationInterface, QueryRunner } from 'typeorm';

/** `rate-limits:read` and `rate-limits:write` (admin): GET and PUT /admin/rate-limits, the tier policies every gateway applies. */
export class RateLimitsPermissions1766200000001 implements MigrationInterface {
  readonly name = 'RateLimitsPermissions1766200000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `INSERT INTO "users"."permissions" ("name", "description") VALUES
         ('rate-limits:read', 'Read the rate-limit policies'),
         ('rate-limits:write', 'Change the rate-limit policies')
       ON CONFLICT DO NOTHING`,
    );
    await runner.query(
      `INSERT INTO "users"."role_permissions" ("role", "permission") VALUES ('admin', 'rate-limits:read'), ('admin', 'rate-limits:write') ON CONFLICT DO NOTHING`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM "users"."permissions" WHERE "name" IN ('rate-limits:read', 'rate-limits:write')`);
  }
}
