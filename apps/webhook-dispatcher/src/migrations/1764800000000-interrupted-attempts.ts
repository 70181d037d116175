import { MigrationInterface, QueryRunner } from 'typeorm';

/** An attempt may also be `interrupted`: its dispatcher stopped before the attempt ended. */
export class InterruptedAttempts1764800000000 implements MigrationInterface {
  readonly name = 'InterruptedAttempts1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE webhooks.delivery_attempts
        DROP CONSTRAINT delivery_attempts_status_check,
        ADD CONSTRAINT delivery_attempts_status_check CHECK (status IN ('succeeded', 'failed', 'interrupted'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM webhooks.delivery_attempts WHERE status = 'interrupted'`);
    await runner.query(`
      ALTER TABLE webhooks.delivery_attempts
        DROP CONSTRAINT delivery_attempts_status_check,
        ADD CONSTRAINT delivery_attempts_status_check CHECK (status IN ('succeeded', 'failed'))`);
  }
}
