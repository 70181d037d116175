import { BroadcastChannel, BusClient, RedisStreamsClient } from '@portcullis/bus';
import { AgentPatterns, AgentTypeView, ErrorCode } from '@portcullis/contracts';
import { OwnDatabase, Platform, testEnv, waitFor } from '@portcullis/testing';
import { Pool } from 'pg';
import { AGENT_CATALOG_CHANGED_TOPIC } from '../src/catalog/broadcast-catalog-notices';

jest.setTimeout(120_000);

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );

/**
 * The agent-capability app as a real process on its own database (its catalog edits would
 * otherwise show in other suites), driven over the bus. The test stands in for a second replica
 * where one is needed: it changes a table behind the app's back and sends the change notice.
 */
describe('agent catalog (agent-capability as a process, over the bus)', () => {
  const env = testEnv('agents-catalog');
  const database = new OwnDatabase(env.DATABASE_URL, 'agentcatalog');
  const platform = new Platform({ ...env, DATABASE_URL: database.url });
  let proxy: RedisStreamsClient;
  let bus: BusClient;
  let pool: Pool;
  let notices: BroadcastChannel;

  const typeOf = async (id: string): Promise<AgentTypeView | undefined> =>
    (await bus.call(AgentPatterns.listTypes, {})).find((t) => t.id === id);

  beforeAll(async () => {
    await database.create();
    await platform.start(['agent-capability']);
    proxy = new RedisStreamsClient({ redis: { url: env.REDIS_URL }, prefix: env.REDIS_PREFIX, timeoutMs: 15_000 });
    await proxy.connect();
    bus = new BusClient(proxy);
    pool = new Pool({ connectionString: database.url, max: 2 });
    notices = new BroadcastChannel(proxy.redis!, env.REDIS_PREFIX);
  });

  afterAll(async () => {
    await notices?.close();
    await proxy?.close();
    await pool?.end();
    await platform.stop();
    await database.drop();
  });

  it('serves the seeded catalog: at least 22 types and the capabilities with their risk', async () => {
    const types = await bus.call(AgentPatterns.listTypes, {});
    expect(types.length).toBeGreaterThanOrEqual(22);
    expect(types.map((t) => t.id)).toEqual(
      expect.arrayContaining(['system-architect', 'migration-specialist', 'dependency-updater']),
    );
    const capabilities = await bus.call(AgentPatterns.listCapabilities, {});
    expect(capabilities).toContainEqual({
      id: 'shell:exec',
      description: 'Run arbitrary shell commands',
      risk: 'critical',
    });
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM agents.agent_types');
    expect(rows[0].n).toBe(types.length);
  });

  it('answers from memory until a change notice arrives, then from the table', async () => {
    expect((await typeOf('support-agent'))?.description).toBe('Answers users and files what they report');
    // Another replica's commit, without its notice: this replica keeps its cached copy.
    await pool.query(`UPDATE agents.agent_types SET description = 'Changed elsewhere' WHERE id = 'support-agent'`);
    expect((await typeOf('support-agent'))?.description).toBe('Answers users and files what they report');
    await notices.publish(AGENT_CATALOG_CHANGED_TOPIC, { at: Date.now() });
    await waitFor(async () => (await typeOf('support-agent'))?.description === 'Changed elsewhere', {
      what: 'the notice to drop the cached catalog',
    });
  });

  it('updates a type, answers with it, and tells the other replicas', async () => {
    const heard: unknown[] = [];
    await notices.subscribe(AGENT_CATALOG_CHANGED_TOPIC, (m) => heard.push(m));
    const updated = await bus.call(AgentPatterns.updateType, {
      id: 'qa-tester',
      description: 'Tests releases',
      capabilities: ['test:run', 'file:read'],
    });
    expect(updated).toEqual({
      id: 'qa-tester',
      description: 'Tests releases',
      capabilities: ['file:read', 'test:run'],
    });
    expect(await typeOf('qa-tester')).toEqual(updated);
    await waitFor(() => heard.length > 0, { what: 'the change notice' });
    const { rows } = await pool.query(
      `SELECT capability FROM agents.agent_type_capabilities WHERE agent_type = 'qa-tester' ORDER BY 1`,
    );
    expect(rows.map((r: { capability: string }) => r.capability)).toEqual(['file:read', 'test:run']);
  });

  it('carries the catalog errors across the bus with their codes and details', async () => {
    expect(
      await failure(bus.call(AgentPatterns.updateType, { id: 'qa-tester', capabilities: ['test:run', 'warp:drive'] })),
    ).toMatchObject({
      code: ErrorCode.AGENT_UNKNOWN_CAPABILITY,
      details: { capabilities: ['warp:drive'] },
    });
    expect(await failure(bus.call(AgentPatterns.updateType, { id: 'no-such-type', description: 'x' }))).toMatchObject({
      code: ErrorCode.AGENT_UNKNOWN_TYPE,
    });
    expect(await failure(bus.call(AgentPatterns.updateType, { id: 'qa-tester' }))).toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
    });
    expect((await typeOf('qa-tester'))?.capabilities).toEqual(['file:read', 'test:run']);
  });

  it('decides a grant with the policy over the bus', async () => {
    expect(
      await bus.call(AgentPatterns.decide, {
        agentType: 'devops-engineer',
        capabilities: ['deploy:production', 'deploy:staging', 'file:read'],
        roles: ['developer'],
      }),
    ).toEqual({
      granted: ['deploy:staging', 'file:read'],
      needsApproval: [],
      denied: [{ capability: 'deploy:production', reason: 'above_role' }],
    });
  });
});
