import { MigrationInterface, QueryRunner } from 'typeorm';
import { SEED_PERMISSIONS, SEED_ROLES } from './1763856000000-users-and-roles.seed';

/**
 * Roles, permissions and users. Emails are stored already normalised (trimmed, lower-case; the
 * CHECK makes sure of it), so the plain unique index is case-insensitive in effect and usable by
 * an ordinary `email = $1` lookup.
 */
export class UsersAndRoles1763856000000 implements MigrationInterface {
  readonly name = 'UsersAndRoles1763856000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "users"."roles" (
        "name" text PRIMARY KEY,
        "rank" integer NOT NULL UNIQUE,
        "description" text NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE "users"."permissions" (
        "name" text PRIMARY KEY CHECK ("name" ~ '^[a-z][a-z-]*:[a-z][a-z-]*$'),
        "description" text NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE "users"."role_permissions" (
        "role" text NOT NULL REFERENCES "users"."roles" ("name") ON UPDATE CASCADE ON DELETE CASCADE,
        "permission" text NOT NULL REFERENCES "users"."permissions" ("name") ON UPDATE CASCADE ON DELETE CASCADE,
        PRIMARY KEY ("role", "permission")
      )`);
    await runner.query(`
      CREATE TABLE "users"."users" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "email" text NOT NULL CHECK ("email" = lower(btrim("email"))),
        "display_name" text,
        "password_hash" text NOT NULL,
        "is_active" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE UNIQUE INDEX "users_email_unique" ON "users"."users" ("email")`);
    await runner.query(`
      CREATE TABLE "users"."user_roles" (
        "user_id" uuid NOT NULL REFERENCES "users"."users" ("id") ON DELETE CASCADE,
        "role" text NOT NULL REFERENCES "users"."roles" ("name") ON UPDATE CASCADE,
        PRIMARY KEY ("user_id", "role")
      )`);
    // "Is there a super_admin yet?" (bootstrap admin) and admin listings filter by role.
    await runner.query(`CREATE INDEX "user_roles_role_idx" ON "users"."user_roles" ("role")`);
    await this.seed(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['user_roles', 'users', 'role_permissions', 'permissions', 'roles']) {
      await runner.query(`DROP TABLE IF EXISTS "users"."${table}"`);
    }
  }

  private async seed(runner: QueryRunner): Promise<void> {
    await runner.query(
      `INSERT INTO "users"."roles" ("name", "rank", "description") SELECT * FROM unnest($1::text[], $2::int[], $3::text[])`,
      [SEED_ROLES.map((r) => r[0]), SEED_ROLES.map((r) => r[1]), SEED_ROLES.map((r) => r[2])],
    );
    await runner.query(
      `INSERT INTO "users"."permissions" ("name", "description") SELECT * FROM unnest($1::text[], $2::text[])`,
      [SEED_PERMISSIONS.map((p) => p[0]), SEED_PERMISSIONS.map((p) => p[2])],
    );
    await runner.query(
      `INSERT INTO "users"."role_permissions" ("role", "permission") SELECT * FROM unnest($1::text[], $2::text[])`,
      [SEED_PERMISSIONS.map((p) => p[1]), SEED_PERMISSIONS.map((p) => p[0])],
    );
  }
}
