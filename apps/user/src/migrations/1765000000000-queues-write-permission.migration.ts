import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `queues:write` (super_admin): changing jobs from the queue dashboard (add, edit, retry, empty,
 * obliterate). `queues:read` (admin) now only views it: rewriting or re-running queued work is
 * more power than seeing it, and an admin could otherwise push forged jobs through the workers.
 */
export class QueuesWritePermission1765000000000 implements MigrationInterface {
  readonly name = 'QueuesWritePermission1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `INSERT INTO "users"."permissions" ("name", "description") VALUES ('queues:write', 'Change jobs from the queue dashboard (never the audit queue)') ON CONFLICT DO NOTHING`,
    );
    await runner.query(
      `INSERT INTO "users"."role_permissions" ("role", "permission") VALUES ('super_admin', 'queues:write') ON CONFLICT DO NOTHING`,
    );
    await runner.query(
      `UPDATE "users"."permissions" SET "description" = 'View the queue dashboard (read-only)' WHERE "name" = 'queues:read'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM "users"."permissions" WHERE "name" = 'queues:write'`);
    await runner.query(
      `UPDATE "users"."permissions" SET "description" = 'Open the queue dashboard' WHERE "name" = 'queues:read'`,
    );
  }
}
