import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * security.rate_limit_policies: the tier limits every gateway applies (DESIGN §4), as data an admin
 * edits with PUT /admin/rate-limits. The set of names is fixed (the gateway knows what each counts
 * by); only limits and windows change. Defaults are generous enough for a person and a busy script.
 */
export class CreateRateLimitPolicies1766200000000 implements MigrationInterface {
  readonly name = 'CreateRateLimitPolicies1766200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE security.rate_limit_policies (
        name           text PRIMARY KEY,
        scope          text NOT NULL CHECK (scope IN ('ip', 'user', 'api-key', 'agent', 'upstream', 'global')),
        "limit"        integer NOT NULL CHECK ("limit" BETWEEN 1 AND 1000000000),
        window_seconds integer NOT NULL CHECK (window_seconds BETWEEN 1 AND 2678400),
        description    text NOT NULL,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      INSERT INTO security.rate_limit_policies (name, scope, "limit", window_seconds, description) VALUES
        ('ip',                'ip',       600,    60, 'Every request, per client IP'),
        ('user:guest',        'user',     60,     60, 'Per signed-in user whose highest role is guest'),
        ('user:user',         'user',     300,    60, 'Per user (role user)'),
        ('user:premium_user', 'user',     1200,   60, 'Per user (role premium_user)'),
        ('user:developer',    'user',     3000,   60, 'Per user (role developer)'),
        ('user:admin',        'user',     6000,   60, 'Per user (role admin or super_admin)'),
        ('api-key',           'api-key',  600,    60, 'Per API key without a rate limit of its own'),
        ('agent',             'agent',    300,    60, 'Per agent, apart from its user'),
        ('upstream',          'upstream', 1000,   60, 'Per upstream API without a rate limit of its own'),
        ('global',            'global',   100000, 60, 'Every request to the gateway, all clients together')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE security.rate_limit_policies');
  }
}
