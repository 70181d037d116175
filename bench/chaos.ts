/**
 * Chaos run: the whole system with two replicas of every app, a bounded login load through both
 * gateways, and these faults one after another — kill -9 of one replica of each app, a Redis
 * restart, SIGTERM cycles of every app, and (only with --pg-restart) a PostgreSQL restart. Prints
 * client errors by status during each fault, the time to recovery, and whether the events behind
 * each login the client saw succeed (its audit record, its webhook delivery) were lost or doubled.
 *   npm run chaos                 # about 5 minutes; not part of npm test
 *   npm run chaos -- --pg-restart # also restarts the machine's PostgreSQL: never on a shared one
 *
 * It uses a Redis server of its own on a spare port (the shared one is never restarted) and a
 * throwaway database, both removed at the end.
 */
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import { AppProcess, freePort, httpOk, OwnRedis, REPO_ROOT } from '@portcullis/testing';
import { Outcome, sessionOf, sleep, WebhookSink } from './lib/chaos-parts';

const APPS = ['gateway', 'auth', 'user', 'token', 'security', 'agent-capability', 'webhook-dispatcher'] as const;
const ADMIN_DB = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PG_RESTART = process.argv.includes('--pg-restart');
/** Load: this many clients in a loop, and never longer than RUN_CAP_MS in all. */
const CLIENTS = 4;
const USERS = 4;
const RUN_CAP_MS = 8 * 60_000;
/** How long each fault's window watches after the fault ends. */
const OBSERVE_MS = 8_000;
const PASSWORD = 'Chaos-Monkey-Tapestry-81!';
/** Takeover settings the run uses (they are the knobs that bound takeover time). */
const ENV = {
  BCRYPT_COST: '4',
  IP_FAILURE_LIMIT: '1000000',
  ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_JOB_LOCK_MS: '2000',
  WEBHOOK_RETRY_SCHEDULE: '0.5,1,1,2,2,3,3,3,3,3',
  LOG_LEVEL: 'warn',
  NODE_ENV: 'test',
  // Every client logs in from 127.0.0.1: the per-IP limits would turn the load into 429s, and so
  // would the `ip` tier (600 a minute by default), which the run has no reason to measure.
  RATE_LIMIT_LOGIN: '1000000/60',
  RATE_LIMIT_REGISTER: '1000000/60',
  RATE_LIMIT_TIERS: 'false',
};

interface Phase {
  name: string;
  start: number;
  /** When the fault was over (the replica gone and replaced, Redis back); recovery counts from here. */
  end: number;
  /** Recovery is measured from the fault's start (takeover) or from its end (dependency back). */
  from: 'start' | 'end';
  stop: number;
}

class System {
  readonly procs = new Map<string, AppProcess>();
  private readonly ports = new Map<string, number>();

  constructor(private readonly env: Record<string, string>) {}

  async start(label: string): Promise<void> {
    const app = label.split('#')[0];
    const port = await this.portOf(label);
    // A gateway serves the public port and an ops port of its own; every other app only the ops port.
    const ports: Record<string, string> =
      app === 'gateway'
        ? { PORT: String(port), OPS_PORT: String(await this.portOf(`${label}:ops`)) }
        : { OPS_PORT: String(port) };
    const proc = new AppProcess({
      name: label,
      args: [join(REPO_ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js')],
      env: { ...this.env, OPS_HOST: '127.0.0.1', ...ports },
      ready: () => httpOk(`http://127.0.0.1:${port}/health`),
      readyTimeoutMs: 180_000,
    });
    this.procs.set(label, proc);
    await proc.start();
  }

  /** A replica keeps its ports across restarts, as a pod keeps its Service. */
  private async portOf(label: string): Promise<number> {
    const port = this.ports.get(label) ?? (await freePort());
    this.ports.set(label, port);
    return port;
  }

  url(label: string): string {
    return `http://127.0.0.1:${this.ports.get(label)}`;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.procs.values()].map((p) => p.stop('SIGTERM', 20_000)));
  }
}

/** Logins in a loop through two gateways, like a load balancer that retries a refused connection once. */
class Load {
  readonly outcomes: Outcome[] = [];
  readonly sessions = new Set<string>();
  private running = true;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly gateways: () => string[],
    private readonly emails: string[],
    private readonly stopAt: number,
  ) {}

  start(): void {
    this.loops = Array.from({ length: CLIENTS }, (_, i) => this.loop(i));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(client: number): Promise<void> {
    for (let n = 0; this.running && Date.now() < this.stopAt; n++) {
      const email = this.emails[(client + n) % this.emails.length];
      const status = await this.login((client + n) % 2, email);
      this.outcomes.push({ at: Date.now(), status });
      if (status !== 200) await sleep(50);
    }
  }

  private async login(first: number, email: string): Promise<number | 'network'> {
    const urls = this.gateways();
    for (let attempt = 0; attempt < 2; attempt++) {
      const url = urls[(first + attempt) % urls.length];
      try {
        const res = await fetch(`${url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD }),
          signal: AbortSignal.timeout(15_000),
        });
        const body = (await res.json()) as { accessToken?: string };
        if (res.status === 200 && body.accessToken) this.sessions.add(sessionOf(body.accessToken));
        return res.status;
      } catch (err) {
        // A refused connection never reached a gateway: a balancer sends it to the other one.
        if ((err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED' && attempt === 0) continue;
        return 'network';
      }
    }
    return 'network';
  }
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.js')], { stdio: 'inherit' });
  const id = randomBytes(4).toString('hex');
  const dbName = `portcullis_chaos_${id}`;
  await adminQuery(`CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(ADMIN_DB);
  dbUrl.pathname = `/${dbName}`;
  const redisDir = mkdtempSync(join(tmpdir(), 'portcullis-chaos-redis-'));
  const redis = new OwnRedis({ port: await freePort(), appendOnlyDir: redisDir });
  const sink = new WebhookSink();
  const system = new System({
    ...ENV,
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL: redis.url,
    REDIS_PREFIX: `chaos:${id}`,
  });
  try {
    await redis.start();
    const hookUrl = await sink.start();
    console.log('Starting two replicas of every app…');
    for (const app of APPS) await system.start(app);
    await Promise.all(APPS.map((app) => system.start(`${app}#2`)));
    const { emails, userIds, setupSessions } = await setUp(system.url('gateway'), hookUrl);

    const startedAt = Date.now();
    const load = new Load(() => [system.url('gateway'), system.url('gateway#2')], emails, startedAt + RUN_CAP_MS);
    load.start();
    await sleep(5_000);
    const phases = await runFaults(system, redis);
    await load.stop();

    console.log('Load stopped; waiting for audit records and webhook deliveries to settle…');
    const pg = new Client({ connectionString: dbUrl.toString() });
    await pg.connect();
    const audited = await settle(async () => auditSessions(pg, userIds), 90_000);
    setupSessions.forEach((sid) => audited.delete(sid));
    await settle(async () => sink.deliveries.length, 30_000);
    const chain = await chainLinks(pg);
    await pg.end();
    report(phases, load, audited, sink, chain, Date.now() - startedAt);
  } finally {
    await system.stopAll();
    await sink.stop();
    await redis.stop('SIGTERM');
    rmSync(redisDir, { recursive: true, force: true });
    await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  }
}

/** Registers the users the load logs in as, each with a webhook on its own logins. */
async function setUp(
  gateway: string,
  hookUrl: string,
): Promise<{ emails: string[]; userIds: string[]; setupSessions: string[] }> {
  const emails: string[] = [];
  const userIds: string[] = [];
  const setupSessions: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const email = `chaos.${i}.${Date.now()}@example.test`;
    const reg = await post(`${gateway}/api/v1/auth/register`, { email, password: PASSWORD });
    if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.body)}`);
    const login = await post(`${gateway}/api/v1/auth/login`, { email, password: PASSWORD });
    const token = (login.body as { accessToken: string }).accessToken;
    setupSessions.push(sessionOf(token));
    const hook = await post(`${gateway}/api/v1/webhooks`, { url: hookUrl, events: ['auth.login.succeeded'] }, token);
    if (hook.status !== 201) throw new Error(`webhook: ${hook.status} ${JSON.stringify(hook.body)}`);
    emails.push(email);
    userIds.push((reg.body as { id: string }).id);
  }
  return { emails, userIds, setupSessions };
}

async function runFaults(system: System, redis: OwnRedis): Promise<Phase[]> {
  const phases: Phase[] = [];
  const phase = async (name: string, from: Phase['from'], fault: () => Promise<void>, after?: () => Promise<void>) => {
    console.log(`Fault: ${name}`);
    const start = Date.now();
    await fault();
    const end = Date.now();
    await sleep(OBSERVE_MS);
    phases.push({ name, start, end, from, stop: Date.now() });
    await after?.();
  };
  for (const app of APPS) {
    const label = `${app}#2`;
    await phase(
      `kill -9 ${app}`,
      'start',
      async () => void (await system.procs.get(label)!.stop('SIGKILL')),
      () => system.start(label),
    );
  }
  await phase('Redis restart (3 s down)', 'end', async () => {
    await redis.stop('SIGTERM');
    await sleep(3_000);
    await redis.start();
  });
  if (PG_RESTART) {
    await phase('PostgreSQL restart', 'end', async () => restartPostgres());
  }
  for (const app of APPS) {
    const label = `${app}#2`;
    await phase(`SIGTERM cycle ${app}`, 'start', async () => {
      await system.procs.get(label)!.stop('SIGTERM');
      await system.start(label);
    });
  }
  return phases;
}

function restartPostgres(): void {
  const [version, cluster] = execFileSync('pg_lsclusters', ['--no-header']).toString().trim().split(/\s+/);
  execFileSync('pg_ctlcluster', [version, cluster, 'restart']);
}

/** Session ids of the logins the audit log recorded: how many records each has, and when it happened. */
async function auditSessions(pg: Client, userIds: string[]): Promise<Map<string, { n: number; at: number }>> {
  const { rows } = await pg.query(
    `SELECT data->>'sessionId' AS sid, count(*)::int AS n, min(occurred_at) AS at
       FROM security.audit_log WHERE type = 'auth.login.succeeded' AND subject_id = ANY($1) GROUP BY 1`,
    [userIds],
  );
  return new Map(
    rows.map((r: { sid: string; n: number; at: Date }) => [r.sid, { n: r.n, at: new Date(r.at).getTime() }]),
  );
}

/**
 * How many audit records there are, and how many do not link to the hash of the record before them
 * in seq order: both replicas' writers append batches under one lock, so a fork or a lost head
 * would show here. (The content hashes are the verify endpoint's; the links are what replicas race on.)
 */
async function chainLinks(pg: Client): Promise<{ records: number; broken: number }> {
  const { rows } = await pg.query(
    `SELECT count(*)::int AS records,
            count(*) FILTER (WHERE before IS NOT NULL AND prev_hash <> before)::int AS broken
       FROM (SELECT prev_hash, lag(hash) OVER (ORDER BY seq) AS before FROM security.audit_log) chain`,
  );
  return rows[0] as { records: number; broken: number };
}

/** Polls `probe` until its size stays the same for 5 s (or `capMs` passes); returns the last value. */
async function settle<T extends Map<string, unknown> | number>(probe: () => Promise<T>, capMs: number): Promise<T> {
  const size = (v: T) => (typeof v === 'number' ? v : v.size);
  const cap = Date.now() + capMs;
  let last = await probe();
  let stableSince = Date.now();
  while (Date.now() < cap && Date.now() - stableSince < 5_000) {
    await sleep(500);
    const next = await probe();
    if (size(next) !== size(last)) stableSince = Date.now();
    last = next;
  }
  return last;
}

function report(
  phases: Phase[],
  load: Load,
  audited: Map<string, { n: number; at: number }>,
  sink: WebhookSink,
  chain: { records: number; broken: number },
  runMs: number,
): void {
  console.log(
    `\nChaos run: ${APPS.length} apps × 2 replicas, ${CLIENTS} clients logging in for ${(runMs / 1000).toFixed(0)} s, ` +
      `bus takeover by heartbeat (BUS_CLAIM_IDLE_MS at its 30 s default), own Redis with AOF${PG_RESTART ? '' : '; PostgreSQL restart skipped (run with --pg-restart on a machine of your own)'}\n`,
  );
  // Logins that happened (audited) but whose client never got the session: work done, answer lost.
  const unanswered = [...audited].filter(([sid]) => !load.sessions.has(sid)).map(([, a]) => a.at);
  console.log('| fault | requests | client errors by status | recovery | logins done, answer lost |');
  console.log('|---|---:|---|---:|---:|');
  for (const p of phases) {
    const window = load.outcomes.filter((o) => o.at >= p.start && o.at <= p.stop);
    const errors = window.filter((o) => o.status !== 200);
    const byStatus = new Map<string, number>();
    errors.forEach((o) => byStatus.set(String(o.status), (byStatus.get(String(o.status)) ?? 0) + 1));
    const from = p.from === 'start' ? p.start : p.end;
    const lastError = Math.max(from, ...errors.map((o) => o.at));
    const recovery =
      errors.length === 0
        ? '0 s'
        : `${((lastError - from) / 1000).toFixed(1)} s${p.from === 'start' ? ' (takeover)' : ' after it was back'}`;
    const statuses = [...byStatus].map(([s, n]) => `${s}×${n}`).join(', ') || 'none';
    const lostAnswers = unanswered.filter((at) => at >= p.start && at <= p.stop).length;
    console.log(`| ${p.name} | ${window.length} | ${statuses} | ${recovery} | ${lostAnswers} |`);
  }
  const seen = [...load.sessions];
  const lostAudit = seen.filter((sid) => !audited.has(sid)).length;
  const dupAudit = [...audited.values()].filter((a) => a.n > 1).length;
  const delivered = new Map<string, number>();
  sink.deliveries.forEach((d) => d.sessionId && delivered.set(d.sessionId, (delivered.get(d.sessionId) ?? 0) + 1));
  const lostHooks = seen.filter((sid) => !delivered.has(sid)).length;
  const dupHooks =
    new Set(sink.deliveries.map((d) => d.webhookId)).size !== sink.deliveries.length
      ? sink.deliveries.length - new Set(sink.deliveries.map((d) => d.webhookId)).size
      : 0;
  const failed = load.outcomes.filter((o) => o.status !== 200).length;
  console.log('\n| events | client saw succeed | recorded | lost | duplicates |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(
    `| audit records (auth.login.succeeded) | ${seen.length} | ${audited.size} | ${lostAudit} | ${dupAudit} |`,
  );
  console.log(
    `| webhook deliveries | ${seen.length} | ${delivered.size} | ${lostHooks} | ${dupHooks} (redeliveries of one webhook-id) |`,
  );
  console.log(
    `\n${load.outcomes.length} requests, ${failed} failed; ${unanswered.length} logins were recorded whose client saw an error or no answer.`,
  );
  console.log(`Audit chain: ${chain.records} records, ${chain.broken} not linked to the record before them.`);
  console.log(
    'Goals: 0 lost, 0 duplicate audit records, an unbroken chain, takeover ≤ 5 s, recovery after Redis or PostgreSQL returns ≤ 2 s.',
  );
}

async function post(url: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_DB });
  await admin.connect();
  await admin.query(sql);
  await admin.end();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
