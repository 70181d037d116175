/**
 * GET /api/v1/auth/me with a valid token at concurrency 50, beside a bare Fastify hello server
 * measured in the same run on the same machine, with autocannon as the client for both. Also
 * breaks the path down: local JWT verify (cold and from the L1 cache) and one bus round trip.
 *   npm run bench:me
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { BusClient, RedisStreamsClient } from '@portcullis/bus';
import { AuthPatterns } from '@portcullis/contracts';
import { benchPlatform, postJson } from './lib/bench-platform';

const PASSWORD = 'Vermilion-Tapestry-93-Orbit!';
const DURATION = Number(process.env.DURATION ?? 10);

async function load(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections: 50, duration: DURATION, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function main(): Promise<void> {
  const hello = Fastify();
  hello.get('/', async () => ({ hello: 'world' }));
  await hello.listen({ port: 0, host: '127.0.0.1' });
  const helloUrl = `http://127.0.0.1:${(hello.server.address() as { port: number }).port}/`;

  const { platform, dispose } = await benchPlatform(['gateway', 'auth', 'user', 'token', 'security'], { BCRYPT_COST: '4' });
  try {
    const base = `${platform.gatewayUrl}/api/v1/auth`;
    const email = `bench.me.${Date.now()}@example.test`;
    await postJson(`${base}/register`, { email, password: PASSWORD });
    const { body } = await postJson<{ accessToken: string }>(`${base}/login`, { email, password: PASSWORD });
    const auth = { authorization: `Bearer ${body.accessToken}` };

    const uncachedGateway = await platform.startOne('gateway#uncached', { USER_VIEW_TTL_SECONDS: '0' });
    void uncachedGateway;
    const uncachedBase = `${platform.urlOf('gateway#uncached')}/api/v1/auth`;

    await load(helloUrl);
    const bare = await load(helloUrl);
    const root = await load(`${platform.gatewayUrl}/`);
    await load(`${base}/me`, auth);
    const me = await load(`${base}/me`, auth);
    const uncached = await load(`${uncachedBase}/me`, auth);

    const proxy = new RedisStreamsClient({ redisUrl: platform.env.REDIS_URL, prefix: platform.env.REDIS_PREFIX });
    await proxy.connect();
    const bus = new BusClient(proxy);
    const principal = JSON.parse(Buffer.from(body.accessToken.split('.')[1], 'base64url').toString());
    const started = performance.now();
    for (let i = 0; i < 500; i++) await bus.call(AuthPatterns.me, { principal: { userId: principal.sub, sessionId: principal.sid, jti: principal.jti, exp: principal.exp, roles: principal.roles } });
    const rpcMs = (performance.now() - started) / 500;
    await proxy.close();

    console.log(`\nGET /auth/me benchmark (autocannon, 50 connections, ${DURATION} s each, node ${process.version})\n`);
    console.log('| what | req/s | p50 ms | p99 ms |\n|---|---|---|---|');
    console.log(`| bare Fastify hello | ${Math.round(bare.rps)} | ${bare.p50} | ${bare.p99} |`);
    console.log(`| gateway GET / (framework, helmet, guard; no auth) | ${Math.round(root.rps)} | ${root.p50} | ${root.p99} |`);
    console.log(`| GET /api/v1/auth/me (JWT from L1, user view from L1) | ${Math.round(me.rps)} | ${me.p50} | ${me.p99} |`);
    console.log(`| GET /api/v1/auth/me, view cache off (2 bus hops + SQL) | ${Math.round(uncached.rps)} | ${uncached.p50} | ${uncached.p99} |`);
    console.log(`\n/auth/me serves ${((me.rps / bare.rps) * 100).toFixed(1)}% of the bare server's rate (${((uncached.rps / bare.rps) * 100).toFixed(1)}% without the view cache).`);
    console.log(`auth.me over the bus alone (sequential, gateway bypassed): ${rpcMs.toFixed(3)} ms per call`);
  } finally {
    await dispose();
    await hello.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
