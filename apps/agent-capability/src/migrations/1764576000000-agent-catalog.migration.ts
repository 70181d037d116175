import { MigrationInterface, QueryRunner } from 'typeorm';
import { SEED_AGENT_TYPES, SEED_CAPABILITIES } from './1764576000000-agent-catalog.seed';

/**
 * The agent catalog (DESIGN §3 "Agents"): capabilities with their risk, agent types, and which
 * capabilities each type may hold. Data, not code, so a super_admin can edit a type at run time.
 * The CHECKs hold the naming rules (`resource:action`, kebab-case type ids) and the four risks in
 * the database itself, whatever writes to it. Why each capability has its risk: see the seed.
 */
export class AgentCatalog1764576000000 implements MigrationInterface {
  readonly name = 'AgentCatalog1764576000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "agents"."capabilities" (
        "id" text PRIMARY KEY CHECK ("id" ~ '^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$'),
        "description" text NOT NULL,
        "risk" text NOT NULL CHECK ("risk" IN ('low', 'medium', 'high', 'critical'))
      )`);
    await runner.query(`
      CREATE TABLE "agents"."agent_types" (
        "id" text PRIMARY KEY CHECK ("id" ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
        "description" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE "agents"."agent_type_capabilities" (
        "agent_type" text NOT NULL REFERENCES "agents"."agent_types" ("id") ON DELETE CASCADE,
        "capability" text NOT NULL REFERENCES "agents"."capabilities" ("id") ON DELETE CASCADE,
        PRIMARY KEY ("agent_type", "capability")
      )`);
    await this.seed(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['agent_type_capabilities', 'agent_types', 'capabilities']) {
      await runner.query(`DROP TABLE IF EXISTS "agents"."${table}"`);
    }
  }

  private async seed(runner: QueryRunner): Promise<void> {
    await runner.query(
      `INSERT INTO "agents"."capabilities" ("id", "risk", "description") SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`,
      [SEED_CAPABILITIES.map((c) => c[0]), SEED_CAPABILITIES.map((c) => c[1]), SEED_CAPABILITIES.map((c) => c[2])],
    );
    await runner.query(
      `INSERT INTO "agents"."agent_types" ("id", "description") SELECT * FROM unnest($1::text[], $2::text[])`,
      [SEED_AGENT_TYPES.map((t) => t[0]), SEED_AGENT_TYPES.map((t) => t[1])],
    );
    const pairs = SEED_AGENT_TYPES.flatMap(([type, , capabilities]) =>
      capabilities.map((capability) => [type, capability]),
    );
    await runner.query(
      `INSERT INTO "agents"."agent_type_capabilities" ("agent_type", "capability") SELECT * FROM unnest($1::text[], $2::text[])`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
  }
}
