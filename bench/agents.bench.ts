/**
 * Agents (issue #13), in one run on one machine, each server in its own process and the HTTP load
 * from a process of its own (wrk, else autocannon's CLI):
 *  - POST /agents/verify and an agent-token route (GET /agents/me) against GET /auth/me with a user
 *    token (goal ≥ 80 %);
 *  - POST /agents/authenticate and /agents/delegate per second against the raw RS256 signing rate of
 *    one process (goal ≥ 40 %);
 *  - budgeted use (verify with consume) per second against a raw EVALSHA loop of the same script at
 *    the same concurrency (goal ≥ 50 %).
 *   npm run bench:agents
 */
import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { generateKeyPair, SignJWT } from 'jose';
import { CONSUME_LUA } from '../apps/agent-capability/src/budgets/budget.scripts';
import { benchPlatform, postJson } from './lib/bench-platform';
import { loadGenerator, measure } from './lib/load';
import { HEADER, row, runLoad, summarize } from './lib/stats';

const PASSWORD = 'Vermilion-Tapestry-93-Orbit!';
const DURATION = Number(process.env.DURATION ?? 8);
const CONNECTIONS = 50;
const GRANTS = Number(process.env.GRANTS ?? 600);
const USES = Number(process.env.USES ?? 4000);
const USE_CONCURRENCY = 32;

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
  const use = () => redis.benchConsume(2, ...keys, randomUUID(), 10_000, 3_600_000, 10_000, 3_600_000);
  await runLoad(use, 500, concurrency);
  await redis.del(...keys);
  const load = await runLoad(use, USES, concurrency);
  await redis.del(...keys);
  await redis.quit();
  return summarize(load.samples, load.wallMs);
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
    const grant = await postJson<{ agentToken: string }>(
      `${api}/agents/authenticate`,
      {
        agentType: 'code-implementer',
        capabilities: ['file:read', 'git:commit'],
        ttlSeconds: 3600,
        budgets: { 'git:commit': { limit: 10_000, windowSeconds: 3600 } },
      },
      user,
    );
    if (grant.status !== 200) throw new Error(`authenticate: ${grant.status} ${JSON.stringify(grant.body)}`);
    const agent = grant.body.agentToken;
    const child = (
      await postJson<{ agentToken: string }>(
        `${api}/agents/delegate`,
        { capabilities: ['file:read', 'git:commit'] },
        agent,
      )
    ).body.agentToken;

    const http = (url: string, token: string, jsonBody?: unknown) =>
      measure(url, {
        connections: CONNECTIONS,
        durationSeconds: DURATION,
        headers: { authorization: `Bearer ${token}` },
        jsonBody,
      });
    await http(`${api}/auth/me`, user);
    const me = await http(`${api}/auth/me`, user);
    await http(`${api}/agents/verify`, user, { token: child, capability: 'file:read' });
    const verify = await http(`${api}/agents/verify`, user, { token: child, capability: 'file:read' });
    const agentRoute = await http(`${api}/agents/me`, child);

    const issue = async (path: string, token: string, body: unknown) => {
      const res = await postJson(`${api}${path}`, body, token);
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    };
    await runLoad(
      () => issue('/agents/authenticate', user, { agentType: 'code-reviewer', capabilities: ['file:read'] }),
      50,
      8,
    );
    const auth = await runLoad(
      () => issue('/agents/authenticate', user, { agentType: 'code-reviewer', capabilities: ['file:read'] }),
      GRANTS,
      8,
    );
    const delegate = await runLoad(() => issue('/agents/delegate', agent, { capabilities: ['file:read'] }), GRANTS, 8);
    const signing = await rawSigningRate();

    const consume = async () => {
      const res = await postJson<{ allowed: boolean }>(
        `${api}/agents/verify`,
        { token: child, capability: 'git:commit', consume: true },
        user,
      );
      if (!res.body.allowed) throw new Error('budget refused during the benchmark');
    };
    await runLoad(consume, 200, USE_CONCURRENCY);
    const uses = await runLoad(consume, USES, USE_CONCURRENCY);
    const raw = await rawEvalsha(platform.env.REDIS_URL, platform.env.REDIS_PREFIX, USE_CONCURRENCY);

    const a = summarize(auth.samples, auth.wallMs);
    const d = summarize(delegate.samples, delegate.wallMs);
    const u = summarize(uses.samples, uses.wallMs);
    console.log(
      `\nAgents benchmark (${loadGenerator()}, ${CONNECTIONS} connections, ${DURATION} s each; node ${process.version})\n`,
    );
    console.log('| what | req/s | p50 ms | p99 ms | vs goal |\n|---|---|---|---|---|');
    console.log(`| GET /auth/me (user token) | ${Math.round(me.rps)} | ${me.p50} | ${me.p99} | baseline |`);
    console.log(
      `| POST /agents/verify (agent token in body) | ${Math.round(verify.rps)} | ${verify.p50} | ${verify.p99} | ${pct(verify.rps, me.rps)} of /auth/me (goal ≥ 80 %) |`,
    );
    console.log(
      `| GET /agents/me (agent token, depth 2) | ${Math.round(agentRoute.rps)} | ${agentRoute.p50} | ${agentRoute.p99} | ${pct(agentRoute.rps, me.rps)} of /auth/me (goal ≥ 80 %) |`,
    );
    console.log(`\nGrants (${GRANTS} each, 8 in flight) and budgeted uses (${USES}, ${USE_CONCURRENCY} in flight):\n`);
    console.log(HEADER);
    console.log(row('POST /agents/authenticate', a));
    console.log(row('POST /agents/delegate', d));
    console.log(row('verify consume (budget of 2)', u));
    console.log(row('raw EVALSHA, same script, 2 keys', raw));
    console.log(
      `\nraw RS256 signing in one process: ${Math.round(signing)}/s; authenticate ${pct(a.perSecond, signing)}, delegate ${pct(d.perSecond, signing)} of it (goal ≥ 40 %)`,
    );
    console.log(
      `budgeted use: ${pct(u.perSecond, raw.perSecond)} of raw EVALSHA at ${USE_CONCURRENCY} in flight (goal ≥ 50 %)`,
    );
  } finally {
    await dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
