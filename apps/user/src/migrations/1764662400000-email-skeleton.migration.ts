import { MigrationInterface, QueryRunner } from 'typeorm';
import { emailSkeleton } from '../users/email-skeleton';

/**
 * `email_skeleton`: what an address looks like on screen, unique, so `аdmin@` in Cyrillic cannot
 * register beside `admin@` (one index lookup decides, inside the insert). Existing rows get their
 * skeleton here; where two existing accounts already look alike, the older keeps it and the newer
 * is left without one (both still work; only new look-alikes are refused).
 */
export class EmailSkeleton1764662400000 implements MigrationInterface {
  readonly name = 'EmailSkeleton1764662400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "users"."users" ADD COLUMN "email_skeleton" text`);
    const rows = (await runner.query(`SELECT id, email FROM "users"."users" ORDER BY created_at, id`)) as Array<{
      id: string;
      email: string;
    }>;
    const taken = new Set<string>();
    for (const { id, email } of rows) {
      const skeleton = emailSkeleton(email);
      if (taken.has(skeleton)) continue;
      taken.add(skeleton);
      await runner.query(`UPDATE "users"."users" SET "email_skeleton" = $1 WHERE id = $2`, [skeleton, id]);
    }
    await runner.query(`CREATE UNIQUE INDEX "users_email_skeleton_key" ON "users"."users" ("email_skeleton")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS "users"."users_email_skeleton_key"`);
    await runner.query(`ALTER TABLE "users"."users" DROP COLUMN IF EXISTS "email_skeleton"`);
  }
}
