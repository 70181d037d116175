import { MigrationInterface, QueryRunner } from 'typeorm';

/** Subscriptions, one delivery per (event, subscription), and every attempt (DESIGN §1: the `webhooks` schema). */
export class CreateWebhookTables1764000000000 implements MigrationInterface {
  readonly name = 'CreateWebhookTables1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE webhooks.subscriptions (
        id                          uuid PRIMARY KEY,
        owner_user_id               uuid NOT NULL,
        url                         text NOT NULL,
        events                      text[] NOT NULL,
        description                 text NULL,
        scope                       text NOT NULL DEFAULT 'own' CHECK (scope IN ('own', 'all')),
        secret_sealed               text NOT NULL,
        previous_secret_sealed      text NULL,
        previous_secret_expires_at  timestamptz NULL,
        is_active                   boolean NOT NULL DEFAULT true,
        disabled_reason             text NULL,
        failing_since               timestamptz NULL,
        created_at                  timestamptz NOT NULL DEFAULT now(),
        updated_at                  timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      `CREATE INDEX subscriptions_owner_created ON webhooks.subscriptions (owner_user_id, created_at)`,
    );
    // Fan-out reads, for every event, the active subscriptions of its users plus every scope-all one.
    await runner.query(
      `CREATE INDEX subscriptions_active_all ON webhooks.subscriptions (created_at) WHERE is_active AND scope = 'all'`,
    );
    await runner.query(`
      CREATE TABLE webhooks.deliveries (
        id               uuid PRIMARY KEY,
        event_id         text NOT NULL,
        event_type       text NOT NULL,
        subscription_id  uuid NOT NULL REFERENCES webhooks.subscriptions (id) ON DELETE CASCADE,
        payload          jsonb NOT NULL,
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed', 'dead')),
        attempt_count    integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NULL,
        generation       integer NOT NULL DEFAULT 0,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deliveries_event_subscription UNIQUE (event_id, subscription_id)
      )`);
    await runner.query(
      `CREATE INDEX deliveries_subscription_created ON webhooks.deliveries (subscription_id, created_at)`,
    );
    await runner.query(`
      CREATE TABLE webhooks.delivery_attempts (
        delivery_id      uuid NOT NULL REFERENCES webhooks.deliveries (id) ON DELETE CASCADE,
        attempt_no       integer NOT NULL,
        status           text NOT NULL CHECK (status IN ('succeeded', 'failed')),
        response_status  integer NULL,
        response_body    text NULL,
        duration_ms      integer NOT NULL,
        error            text NULL,
        at               timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (delivery_id, attempt_no)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE webhooks.delivery_attempts`);
    await runner.query(`DROP TABLE webhooks.deliveries`);
    await runner.query(`DROP TABLE webhooks.subscriptions`);
  }
}
