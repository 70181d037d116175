/**
 * The agent catalog seeded by migration 1764576000000. Frozen with that migration: a later change
 * is a new migration (or an edit by a super_admin at run time), never an edit here.
 *
 * Risk says what the capability can do if an agent misuses it, and decides who may hold it
 * (DESIGN §3's role ceiling: user and premium_user up to medium, developer up to high, admin all)
 * and whether a person must approve each grant (critical):
 * - low: reads that expose no secret and change nothing (code, tickets, docs, metrics).
 * - medium: changes that stay reviewable and reversible before they reach anyone (a local
 *   commit, a branch, a test run, a staging-free write to the working tree).
 * - high: changes others see at once or that are costly to undo (push, staging deploys, package
 *   publishing to a test registry, reading production data, opening issues in others' names).
 * - critical: reach production or every secret, or run anything at all: `deploy:production`,
 *   `db:migrate` (schema changes on the real database cannot always be rolled back),
 *   `secrets:read` (one leaked credential outlives the agent), `shell:exec` (arbitrary commands
 *   subsume every other capability), `db:write` on production data, `iam:write`.
 */
export type SeedRisk = 'low' | 'medium' | 'high' | 'critical';

export const SEED_CAPABILITIES: Array<[id: string, risk: SeedRisk, description: string]> = [
  ['file:read', 'low', 'Read files in the working tree'],
  ['file:write', 'medium', 'Create, change and delete files in the working tree'],
  ['git:read', 'low', 'Read history, branches and diffs'],
  ['git:commit', 'medium', 'Commit to a local branch'],
  ['git:push', 'high', 'Push branches to the shared remote'],
  ['pr:read', 'low', 'Read pull requests and their reviews'],
  ['pr:write', 'medium', 'Open, update and comment on pull requests'],
  ['pr:merge', 'high', 'Merge a pull request into a protected branch'],
  ['issue:read', 'low', 'Read issues and tickets'],
  ['issue:write', 'medium', 'Open, update and comment on issues'],
  ['test:run', 'medium', 'Run the test suites'],
  ['build:run', 'medium', 'Run builds and packaging'],
  ['package:install', 'medium', 'Install dependencies from the configured registries'],
  ['package:publish', 'high', 'Publish a package to a registry'],
  ['deploy:staging', 'high', 'Deploy to the staging environment'],
  ['deploy:production', 'critical', 'Deploy to production'],
  ['db:read', 'high', 'Read rows of the application database (may hold personal data)'],
  ['db:write', 'critical', 'Insert, change and delete rows of the application database'],
  ['db:migrate', 'critical', 'Apply schema migrations to the application database'],
  ['secrets:read', 'critical', 'Read secrets from the secret store'],
  ['shell:exec', 'critical', 'Run arbitrary shell commands'],
  ['logs:read', 'low', 'Read application logs'],
  ['metrics:read', 'low', 'Read metrics and dashboards'],
  ['docs:read', 'low', 'Read documentation'],
  ['docs:write', 'medium', 'Write documentation pages'],
  ['api:call', 'medium', 'Call upstream APIs through the gateway proxy'],
  ['web:fetch', 'medium', 'Fetch public web pages'],
  ['incident:manage', 'high', 'Acknowledge, escalate and resolve incidents; page people'],
  ['iam:write', 'critical', 'Change users, roles and access policies'],
];

export const SEED_AGENT_TYPES: Array<[id: string, description: string, capabilities: string[]]> = [
  [
    'system-architect',
    'Designs systems and records decisions',
    ['file:read', 'git:read', 'docs:read', 'docs:write', 'issue:read', 'issue:write', 'pr:read', 'metrics:read'],
  ],
  [
    'code-implementer',
    'Writes code for a task on a branch',
    [
      'file:read',
      'file:write',
      'git:read',
      'git:commit',
      'git:push',
      'test:run',
      'build:run',
      'package:install',
      'pr:read',
      'pr:write',
      'docs:read',
    ],
  ],
  ['code-reviewer', 'Reviews pull requests', ['file:read', 'git:read', 'pr:read', 'pr:write', 'test:run', 'docs:read']],
  [
    'test-engineer',
    'Writes and runs tests',
    ['file:read', 'file:write', 'git:read', 'git:commit', 'test:run', 'build:run', 'package:install'],
  ],
  [
    'security-auditor',
    'Audits code and configuration for vulnerabilities',
    ['file:read', 'git:read', 'logs:read', 'metrics:read', 'pr:read', 'issue:write', 'test:run', 'secrets:read'],
  ],
  [
    'performance-optimizer',
    'Profiles and speeds up code',
    ['file:read', 'file:write', 'git:read', 'git:commit', 'test:run', 'build:run', 'metrics:read', 'logs:read'],
  ],
  [
    'documentation-writer',
    'Writes and maintains documentation',
    ['file:read', 'git:read', 'git:commit', 'docs:read', 'docs:write', 'pr:write'],
  ],
  [
    'devops-engineer',
    'Builds pipelines and deploys',
    [
      'file:read',
      'file:write',
      'git:read',
      'git:commit',
      'git:push',
      'build:run',
      'test:run',
      'deploy:staging',
      'deploy:production',
      'logs:read',
      'metrics:read',
      'secrets:read',
      'shell:exec',
    ],
  ],
  [
    'database-administrator',
    'Looks after databases and their schemas',
    ['db:read', 'db:write', 'db:migrate', 'logs:read', 'metrics:read', 'file:read'],
  ],
  [
    'data-analyst',
    'Queries data and reports on it',
    ['db:read', 'metrics:read', 'logs:read', 'file:read', 'docs:write'],
  ],
  [
    'api-designer',
    'Designs API contracts',
    ['file:read', 'file:write', 'git:read', 'git:commit', 'docs:read', 'docs:write', 'pr:write', 'api:call'],
  ],
  [
    'frontend-developer',
    'Builds user interfaces',
    [
      'file:read',
      'file:write',
      'git:read',
      'git:commit',
      'git:push',
      'test:run',
      'build:run',
      'package:install',
      'pr:write',
      'web:fetch',
    ],
  ],
  [
    'backend-developer',
    'Builds services and their APIs',
    [
      'file:read',
      'file:write',
      'git:read',
      'git:commit',
      'git:push',
      'test:run',
      'build:run',
      'package:install',
      'pr:write',
      'db:read',
      'api:call',
    ],
  ],
  [
    'ml-engineer',
    'Trains and evaluates models',
    [
      'file:read',
      'file:write',
      'git:read',
      'git:commit',
      'test:run',
      'build:run',
      'package:install',
      'db:read',
      'metrics:read',
      'web:fetch',
    ],
  ],
  [
    'qa-tester',
    'Tests features against their requirements',
    ['file:read', 'test:run', 'issue:read', 'issue:write', 'api:call', 'logs:read'],
  ],
  [
    'release-manager',
    'Cuts releases and ships them',
    [
      'git:read',
      'git:push',
      'pr:read',
      'pr:merge',
      'build:run',
      'test:run',
      'package:publish',
      'deploy:staging',
      'deploy:production',
      'docs:write',
    ],
  ],
  [
    'incident-responder',
    'Responds to production incidents',
    ['logs:read', 'metrics:read', 'incident:manage', 'issue:write', 'db:read', 'deploy:production', 'shell:exec'],
  ],
  [
    'compliance-auditor',
    'Checks systems and records against policy',
    ['file:read', 'git:read', 'logs:read', 'docs:read', 'issue:write', 'metrics:read'],
  ],
  ['research-assistant', 'Finds and summarises information', ['web:fetch', 'docs:read', 'file:read', 'issue:read']],
  [
    'project-planner',
    'Plans work and tracks it',
    ['issue:read', 'issue:write', 'pr:read', 'docs:read', 'docs:write', 'metrics:read'],
  ],
  [
    'dependency-updater',
    'Keeps dependencies current',
    [
      'file:read',
      'file:write',
      'git:read',
      'git:commit',
      'git:push',
      'package:install',
      'test:run',
      'build:run',
      'pr:write',
    ],
  ],
  [
    'migration-specialist',
    'Writes and applies data and schema migrations',
    ['file:read', 'file:write', 'git:read', 'git:commit', 'test:run', 'db:read', 'db:migrate'],
  ],
  [
    'accessibility-auditor',
    'Checks interfaces against accessibility guidelines',
    ['file:read', 'web:fetch', 'test:run', 'issue:write'],
  ],
  [
    'support-agent',
    'Answers users and files what they report',
    ['issue:read', 'issue:write', 'docs:read', 'logs:read'],
  ],
  ['access-administrator', 'Grants and reviews access on request', ['iam:write', 'logs:read', 'issue:read']],
];
