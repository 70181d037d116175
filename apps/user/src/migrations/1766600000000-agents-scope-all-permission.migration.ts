import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `agents:scope-all` (admin): approve, deny, list and revoke anyone's agents and read their
 * decisions. Until now the admin role alone gave it, so a key (or a token exchanged for one) of an
 * admin had it whatever its scopes; as a permission, a key holds it only within them, as with
 * `api-keys:scope-all` and the other `*:scope-all` permissions.
 */
export class AgentsScopeAllPermission1766600000000 implements MigrationInterface {
  readonly name = 'AgentsScopeAllPermission1766600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `INSERT INTO "users"."permissions" ("name", "description") VALUES
         ('agents:scope-all', 'Approve, list and revoke anyone''s agents')
       ON CONFLICT DO NOTHING`,
    );
    await runner.query(
      `INSERT INTO "users"."role_permissions" ("role", "permission") VALUES ('admin', 'agents:scope-all') ON CONFLICT DO NOTHING`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM "users"."permissions" WHERE "name" = 'agents:scope-all'`);
  }
}
