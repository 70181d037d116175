import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agents as issued (DESIGN §3): each row one agent, its grant and where it sits in its delegation
 * tree. `ancestors` lists the chain root first (without the agent itself), so "this agent and
 * everything below it" is one indexed query (`id = $1 OR $1 = ANY(ancestors)`), without a
 * recursive walk. Decisions are the per-agent log `GET /agents/:id/decisions` reads; approvals hold
 * a grant that waits for a person.
 */
export class Agents1766100000000 implements MigrationInterface {
  readonly name = 'Agents1766100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "agents"."agents" (
        "id" uuid PRIMARY KEY,
        "parent_id" uuid NULL REFERENCES "agents"."agents" ("id") ON DELETE CASCADE,
        "root_id" uuid NOT NULL,
        "ancestors" uuid[] NOT NULL DEFAULT '{}',
        "user_id" uuid NOT NULL,
        "session_id" text NOT NULL,
        "roles" text[] NOT NULL,
        "agent_type" text NOT NULL,
        "name" text NULL,
        "capabilities" text[] NOT NULL,
        "budgets" jsonb NOT NULL DEFAULT '{}',
        "depth" integer NOT NULL CHECK ("depth" >= 0),
        "ttl_seconds" integer NOT NULL,
        "act" jsonb NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "revoked_at" timestamptz NULL,
        "revoked_reason" text NULL
      )`);
    await runner.query(`CREATE INDEX "agents_user_idx" ON "agents"."agents" ("user_id")`);
    await runner.query(`CREATE INDEX "agents_session_idx" ON "agents"."agents" ("session_id")`);
    await runner.query(`CREATE INDEX "agents_ancestors_idx" ON "agents"."agents" USING gin ("ancestors")`);
    await runner.query(`
      CREATE TABLE "agents"."agent_decisions" (
        "id" bigserial PRIMARY KEY,
        "agent_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "capability" text NULL,
        "reason" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(
      `CREATE INDEX "agent_decisions_agent_idx" ON "agents"."agent_decisions" ("agent_id", "id" DESC)`,
    );
    await runner.query(`
      CREATE TABLE "agents"."agent_approvals" (
        "id" uuid PRIMARY KEY,
        "user_id" uuid NOT NULL,
        "session_id" text NOT NULL,
        "roles" text[] NOT NULL,
        "agent_type" text NOT NULL,
        "name" text NULL,
        "ttl_seconds" integer NULL,
        "budgets" jsonb NULL,
        "granted" text[] NOT NULL,
        "needs_approval" text[] NOT NULL,
        "denied" jsonb NOT NULL,
        "status" text NOT NULL CHECK ("status" IN ('pending', 'approved', 'denied', 'used')),
        "decided_by" uuid NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX "agent_approvals_user_idx" ON "agents"."agent_approvals" ("user_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['agent_approvals', 'agent_decisions', 'agents']) {
      await runner.query(`DROP TABLE IF EXISTS "agents"."${table}"`);
    }
  }
}
