/**
 * Agents (issue #13), in one run on one machine, each server in its own process and the HTTP load
 * from a process of its own (wrk, else autocannon's CLI):
 *  - POST /agents/verify and an agent-token route (GET /agents/me) against GET /auth/me with a user
 *    token (goal ≥ 80 %), beside the same JSON POST on bare Fastify and on an empty Nest app with the
 *    gateway's ValidationPipe (what a POST costs before any of the gateway's own work), both with the
 *    AsyncResource#bind fix the apps install, and bare Fastify as installed (what the fix is worth);
 *  - POST /agents/authenticate and /agents/delegate per second (8 connections) against the raw
 *    RS256 signing rate of one process (goal ≥ 40 %);
 *  - budgeted use (verify with consume) per second against a raw EVALSHA loop of the same script at
 *    the same concurrency (goal ≥ 50 %): uses of a child agent counted against its own budget and its
 *    parent's (2 levels, as the raw loop's 2 keys), spread over USE_TREES agent trees so that no
 *    budget caps the rate measured; answers that are refusals are counted and printed.
 *   npm run bench:agents
 */
import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { generateKeyPair, SignJWT } from 'jose';
import { bullPrefix, QueueName } from '@portcullis/queue';
import { CONSUME_LUA } from '@portcullis/security';
import { benchPlatform, postJson } from './lib/bench-platform';
import { pidsNamed, processCpuMeter, untilQuiet } from './lib/machine-cpu';
import { inTurns, LoadResult, loadGenerator, measure, ROUNDS, startBareFastify, startBareNest } from './lib/load';
import { runLoad, summarize } from './lib/stats';

const PASSWORD = 'Vermilion-Tapestry-93-Orbit!';
const DURATION = Number(process.env.DURATION ?? 8);
const CONNECTIONS = 50;
const GRANT_CONCURRENCY = 8;
const USES = Math.min(9_000, Number(process.env.USES ?? 8000));
const USE_CONCURRENCY = 32;
/**
 * A budget allows at most 10,000 uses a second (the most a grant may set), and a tree's uses all
 * count against its root: one tree would cap the rate at 10,000/s, which a fast machine reaches.
 */
const USE_TREES = 4;
const USE_BUDGET = { 'git:commit': { limit: 10_000, windowSeconds: 1 } };

const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)} %`;

async function rawSigningRate(): Promise<number> {
  const { privateKey } = await generateKeyPair('RS256');
  const sign = () =>
    new SignJWT({ sub: 'agt_x', scope: 'file:read', act: { sub: randomUUID() } })
      .setProtectedHeader({ alg: 'RS256', kid: 'k', typ: 'agent+jwt' })
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(privateKey);
  for (let i = 0; i < 50; i++) await sign();
  const n = 500;
  const started = performance.now();
  for (let i = 0; i < n; i++) await sign();
  return (n / (performance.now() - started)) * 1000;
}

async function rawEvalsha(
  redisUrl: string,
  prefix: string,
  concurrency: number,
): Promise<ReturnType<typeof summarize>> {
  const redis = new Redis(redisUrl) as Redis & {
    benchConsume(n: number, ...args: Array<string | number>): Promise<unknown>;
  };
  redis.defineCommand('benchConsume', { lua: CONSUME_LUA });
  const keys = [`${prefix}:raw-budget:{r}:a`, `${prefix}:raw-budget:{r}:b`];
  // One use per call (a batch of one: the script's own cost, with nothing shared between uses).
  const use = () => redis.benchConsume(2, ...keys, 1, 2, randomUUID(), 10_000, 3_600_000, 10_000, 3_600_000);
  // A round stays under the budget's 10,000 (a refusal is another path) and starts from empty sets.
  // The loop runs in this process, whose JIT needs a few thousand calls: two rounds warm it up, and
  // the median of three more is the figure (a single short round measured half of it).
  const rounds: Array<ReturnType<typeof summarize>> = [];
  for (let round = 0; round < 5; round++) {
    await redis.del(...keys);
    const load = await runLoad(use, USES, concurrency);
    if (round >= 2) rounds.push(summarize(load.samples, load.wallMs));
  }
  await redis.del(...keys);
  await redis.quit();
  return rounds.sort((a, b) => a.perSecond - b.perSecond)[1];
}

async function main(): Promise<void> {
  const { platform, dispose } = await benchPlatform(
    ['gateway', 'auth', 'user', 'token', 'security', 'agent-capability'],
    { BCRYPT_COST: '4' },
  );
  try {
    const api = `${platform.gatewayUrl}/api/v1`;
    const email = `bench.agents.${Date.now()}@example.test`;
    await postJson(`${api}/auth/register`, { email, password: PASSWORD });
    const user = (await postJson<{ accessToken: string }>(`${api}/auth/login`, { email, password: PASSWORD })).body
      .accessToken;
    // A tree: a first-level agent and its child, each with its own budget for git:commit.
    const tree = async (): Promise<{ agent: string; child: string }> => {
      const capabilities = ['file:read', 'git:commit'];
      const grant = await postJson<{ agentToken: string }>(
        `${api}/agents/authenticate`,
        { agentType: 'code-implementer', capabilities, ttlSeconds: 3600, budgets: USE_BUDGET },
        user,
      );
      if (grant.status !== 200) throw new Error(`authenticate: ${grant.status} ${JSON.stringify(grant.body)}`);
      const delegation = await postJson<{ agentToken: string }>(
        `${api}/agents/delegate`,
        { capabilities, budgets: USE_BUDGET },
        grant.body.agentToken,
      );
      if (delegation.status !== 200)
        throw new Error(`delegate: ${delegation.status} ${JSON.stringify(delegation.body)}`);
      return { agent: grant.body.agentToken, child: delegation.body.agentToken };
    };
    const trees = [];
    for (let i = 0; i < USE_TREES; i++) trees.push(await tree());
    const { agent, child } = trees[0];

    const http = (url: string, token: string, jsonBody?: unknown) =>
      measure(url, {
        connections: CONNECTIONS,
        durationSeconds: DURATION,
        headers: { authorization: `Bearer ${token}` },
        jsonBody,
      });
    // The verify request on bare Fastify and on an empty Nest app too, each in a process of its own.
    const verifyBody = { token: child, capability: 'file:read' };
    const floorServers = await Promise.all([startBareFastify({ leanBind: true }), startBareNest(), startBareFastify()]);
    const floor = (url: string) =>
      measure(`${url}verify`, { connections: CONNECTIONS, durationSeconds: DURATION, jsonBody: verifyBody });
    const [me, verify, agentRoute, fastifyPost, nestPost, stockFastifyPost] = await inTurns([
      () => http(`${api}/auth/me`, user),
      () => http(`${api}/agents/verify`, user, verifyBody),
      () => http(`${api}/agents/me`, child),
      () => floor(floorServers[0].url),
      () => floor(floorServers[1].url),
      () => floor(floorServers[2].url),
    ]).finally(() => floorServers.forEach((s) => s.stop()));
    const floors = { fastify: fastifyPost, nest: nestPost, stockFastify: stockFastifyPost };

    // Every HTTP load comes from wrk (or autocannon's CLI) in a process of its own, as for /auth/me.
    const post = (path: string, token: string, jsonBody: unknown, connections: number) =>
      measure(`${api}${path}`, {
        connections,
        durationSeconds: DURATION,
        headers: { authorization: `Bearer ${token}` },
        jsonBody,
      });
    const grantBody = { agentType: 'code-reviewer', capabilities: ['file:read'] };
    await post('/agents/authenticate', user, grantBody, GRANT_CONCURRENCY);
    // Where a grant's and a use's CPU goes, process by process: their goals are about hops.
    const processes = {
      ...Object.fromEntries([...platform.processes].map(([name, app]) => [name, app.pid ? [app.pid] : []])),
      postgres: pidsNamed('postgres'),
      redis: pidsNamed('redis-server'),
    };
    // A grant leaves work behind (its audit trail is written after the answer): a metered row ends
    // once the machine falls quiet, so its CPU includes that work and no later row is charged for it.
    const settled: boolean[] = [];
    const quiet = async () => void settled.push(await untilQuiet());
    const metered = async (run: () => Promise<LoadResult>) => {
      const meter = processCpuMeter(processes);
      const result = await run();
      await quiet();
      return { result, cpu: meter() };
    };
    await quiet();
    const authRun = await metered(() => post('/agents/authenticate', user, grantBody, GRANT_CONCURRENCY));
    const delegateRun = await metered(() =>
      post('/agents/delegate', agent, { capabilities: ['file:read'] }, GRANT_CONCURRENCY),
    );
    const [auth, delegate] = [authRun.result, delegateRun.result];
    const signing = await rawSigningRate();

    // Each child's uses in turn; a refusal (budget_exhausted) is a 200 too, so the answers are looked into.
    const useBodies = trees.map((t) => ({ token: t.child, capability: 'git:commit', consume: true }));
    const consume = () =>
      measure(`${api}/agents/verify`, {
        connections: USE_CONCURRENCY,
        durationSeconds: DURATION,
        headers: { authorization: `Bearer ${user}` },
        jsonBodies: useBodies,
        countMatching: '"allowed":false',
      });
    await consume();
    await quiet();
    // The uses reach the decision log in agent-uses jobs, group-committed: how many share a job
    // (counted until the journal is written, as the row's CPU is).
    const redis = new Redis(platform.env.REDIS_URL);
    const jobIds = `${bullPrefix(platform.env.REDIS_PREFIX)}:${QueueName.AgentUses}:id`;
    const jobsBefore = Number(await redis.get(jobIds));
    const useRun = await metered(consume);
    const useJobs = Number(await redis.get(jobIds)) - jobsBefore;
    await redis.quit();
    const uses = useRun.result;
    const raw = await rawEvalsha(platform.env.REDIS_URL, platform.env.REDIS_PREFIX, USE_CONCURRENCY);

    const rate = (r: LoadResult) => `| ${Math.round(r.rps)} | ${r.p50} | ${r.p99}`;
    console.log(
      `\nAgents benchmark (${loadGenerator()}, ${DURATION} s each; the first six rows the median of ${ROUNDS} runs in turn; node ${process.version})\n`,
    );
    console.log('| what | req/s | p50 ms | p99 ms | vs goal |\n|---|---|---|---|---|');
    console.log(`| GET /auth/me (user token, ${CONNECTIONS} connections) ${rate(me)} | baseline |`);
    console.log(
      `| POST /agents/verify (agent token in body) ${rate(verify)} | ${pct(verify.rps, me.rps)} of /auth/me (goal ≥ 80 %) |`,
    );
    console.log(
      `| same JSON POST, bare Fastify + the apps' AsyncResource#bind fix ${rate(floors.fastify)} | ${pct(verify.rps, floors.fastify.rps)} of it is verify |`,
    );
    console.log(
      `| same JSON POST, bare Fastify as installed (Node 20's bind) ${rate(floors.stockFastify)} | ${pct(floors.stockFastify.rps, floors.fastify.rps)} of the row above |`,
    );
    console.log(
      `| same JSON POST, empty Nest app + ValidationPipe + the bind fix ${rate(floors.nest)} | ${pct(verify.rps, floors.nest.rps)} of it is verify |`,
    );
    console.log(
      `| GET /agents/me (agent token, depth 2) ${rate(agentRoute)} | ${pct(agentRoute.rps, me.rps)} of /auth/me (goal ≥ 80 %) |`,
    );
    console.log(
      `| POST /agents/authenticate (${GRANT_CONCURRENCY} connections) ${rate(auth)} | ${pct(auth.rps, signing)} of raw RS256 signing (goal ≥ 40 %) |`,
    );
    console.log(
      `| POST /agents/delegate (${GRANT_CONCURRENCY} connections) ${rate(delegate)} | ${pct(delegate.rps, signing)} of raw RS256 signing (goal ≥ 40 %) |`,
    );
    console.log(`| raw RS256 signing, one process, sequential | ${Math.round(signing)} | | | ceiling |`);
    console.log(
      `| verify with consume (budgets on 2 levels, ${USE_TREES} trees, ${USE_CONCURRENCY} connections; ${uses.matched ?? '?'} refusals) ${rate(uses)} | ${pct(uses.rps, raw.perSecond)} of raw EVALSHA (goal ≥ 50 %) |`,
    );
    console.log(
      `| raw EVALSHA of the same script, 2 keys, ${USE_CONCURRENCY} in flight | ${Math.round(raw.perSecond)} | ${raw.p50.toFixed(3)} | ${raw.p99.toFixed(3)} | ceiling |`,
    );
    console.log(
      '\nCPU per request, by process (/proc/<pid>/stat from the start of each row until the machine fell quiet after it; PostgreSQL: all its backends):',
    );
    console.log(cpuLine('authenticate', authRun, 'ms', 1));
    console.log(cpuLine('delegate', delegateRun, 'ms', 1));
    console.log(cpuLine('verify with consume', useRun, 'µs', 1000));
    console.log(`- uses per agent-uses job: ${((uses.rps * DURATION) / Math.max(1, useJobs)).toFixed(1)}`);
    if (uses.matched)
      console.log(
        `\n${uses.matched} of the uses were refused (budget_exhausted): the consume row's rate includes them.`,
      );
    if (settled.includes(false))
      console.log('\nThe machine did not fall quiet before every grant and use row: read them with that in mind.');
  } finally {
    await dispose();
  }
}

/** `what: gateway 0.76 · agent-capability 1.06 · … · all 4.67 ms`, the busiest first. */
function cpuLine(what: string, run: { result: LoadResult; cpu: Record<string, number> }, unit: string, scale: number) {
  const requests = run.result.rps * DURATION;
  const per = (ms: number) => ((ms / requests) * scale).toFixed(scale === 1 ? 2 : 0);
  const shares = Object.entries(run.cpu)
    .filter(([, ms]) => ms > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([name, ms]) => `${name} ${per(ms)}`);
  const all = Object.values(run.cpu).reduce((sum, ms) => sum + ms, 0);
  return `- ${what}: ${shares.join(' · ')} · all ${per(all)} ${unit}`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
