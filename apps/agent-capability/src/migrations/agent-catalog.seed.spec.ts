import { SEED_AGENT_TYPES, SEED_CAPABILITIES } from './1764576000000-agent-catalog.seed';

/** The names DESIGN §3 promises; the catalog may hold more, never fewer. */
const DESIGN_TYPES = [
  'system-architect',
  'code-implementer',
  'code-reviewer',
  'test-engineer',
  'security-auditor',
  'performance-optimizer',
  'documentation-writer',
  'devops-engineer',
  'database-administrator',
  'data-analyst',
  'api-designer',
  'frontend-developer',
  'backend-developer',
  'ml-engineer',
  'qa-tester',
  'release-manager',
  'incident-responder',
  'compliance-auditor',
  'research-assistant',
  'project-planner',
  'dependency-updater',
  'migration-specialist',
];
const DESIGN_CAPABILITIES = [
  'file:read',
  'file:write',
  'git:commit',
  'git:push',
  'test:run',
  'deploy:staging',
  'deploy:production',
  'db:read',
  'db:migrate',
  'secrets:read',
  'shell:exec',
];

describe('agent catalog seed', () => {
  const capabilityIds = SEED_CAPABILITIES.map(([id]) => id);
  const typeIds = SEED_AGENT_TYPES.map(([id]) => id);
  const riskOf = new Map(SEED_CAPABILITIES.map(([id, risk]) => [id, risk]));

  it('holds every agent type and capability DESIGN names, at least 22 types, each id once', () => {
    expect(typeIds).toEqual(expect.arrayContaining(DESIGN_TYPES));
    expect(capabilityIds).toEqual(expect.arrayContaining(DESIGN_CAPABILITIES));
    expect(typeIds.length).toBeGreaterThanOrEqual(22);
    expect(new Set(typeIds).size).toBe(typeIds.length);
    expect(new Set(capabilityIds).size).toBe(capabilityIds.length);
  });

  it('names types in kebab-case and capabilities as resource:action, as the tables CHECK', () => {
    for (const id of typeIds) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    for (const id of capabilityIds) expect(id).toMatch(/^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/);
  });

  it('lets each type hold only catalogued capabilities, each once, and gives every type a description', () => {
    for (const [, description, capabilities] of SEED_AGENT_TYPES) {
      expect(description.length).toBeGreaterThan(0);
      for (const capability of capabilities) expect(riskOf.has(capability)).toBe(true);
      expect(new Set(capabilities).size).toBe(capabilities.length);
    }
  });

  it('rates production, secrets, arbitrary commands and schema changes critical', () => {
    for (const id of ['deploy:production', 'secrets:read', 'shell:exec', 'db:migrate'])
      expect(riskOf.get(id)).toBe('critical');
    expect(riskOf.get('file:read')).toBe('low');
    expect(riskOf.get('deploy:staging')).toBe('high');
  });
});
