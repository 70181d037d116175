/**
 * GET /api/v1/auth/me with a valid token at concurrency 50, beside a bare Fastify hello server
 * and an empty Nest app on the same adapter (the framework floor), measured in the same run on the
 * same machine. Every server, the bare one included, runs in a
 * process of its own, and so does the load generator (wrk when installed, else autocannon's CLI):
 * a bare server sharing autocannon's event loop measures at about 60 % of itself. Also times one
 * bus round trip with the gateway bypassed.
 *   npm run bench:me
 * With BENCH_BEFORE=<checkout of an earlier commit> it first runs that checkout's benchmark and
 * prints before → after for every row (e.g. the commit before passport, to hold it within 10 %).
 */
import { BusClient, RedisStreamsClient } from '@portcullis/bus';
import { AuthPatterns } from '@portcullis/contracts';
import { benchPlatform, postJson } from './lib/bench-platform';
import { printBeforeAfter, runBefore } from './lib/before';
import { inTurns, loadGenerator, measure, ROUNDS, startBareFastify, startBareNest } from './lib/load';

const PASSWORD = 'Vermilion-Tapestry-93-Orbit!';
const DURATION = Number(process.env.DURATION ?? 10);

const load = (url: string, headers: Record<string, string> = {}) =>
  measure(url, { connections: 50, durationSeconds: DURATION, headers });

async function main(): Promise<void> {
  const before = runBefore('bench:me', { DURATION: String(DURATION) });
  const hello = await startBareFastify();
  const helloUrl = hello.url;
  const nest = await startBareNest();

  const { platform, dispose } = await benchPlatform(['gateway', 'auth', 'user', 'token', 'security'], {
    BCRYPT_COST: '4',
  });
  try {
    const base = `${platform.gatewayUrl}/api/v1/auth`;
    const email = `bench.me.${Date.now()}@example.test`;
    await postJson(`${base}/register`, { email, password: PASSWORD });
    const { body } = await postJson<{ accessToken: string }>(`${base}/login`, { email, password: PASSWORD });
    const auth = { authorization: `Bearer ${body.accessToken}` };

    const uncachedGateway = await platform.startOne('gateway#uncached', { USER_VIEW_TTL_SECONDS: '0' });
    void uncachedGateway;
    const uncachedBase = `${platform.urlOf('gateway#uncached')}/api/v1/auth`;

    const [bare, nestHello, root, me, uncached] = await inTurns([
      () => load(helloUrl),
      () => load(nest.url),
      () => load(`${platform.gatewayUrl}/`),
      () => load(`${base}/me`, auth),
      () => load(`${uncachedBase}/me`, auth),
    ]);

    const proxy = new RedisStreamsClient({ redis: { url: platform.env.REDIS_URL }, prefix: platform.env.REDIS_PREFIX });
    await proxy.connect();
    const bus = new BusClient(proxy);
    const principal = JSON.parse(Buffer.from(body.accessToken.split('.')[1], 'base64url').toString());
    const started = performance.now();
    for (let i = 0; i < 500; i++)
      await bus.call(AuthPatterns.me, {
        principal: {
          kind: 'user',
          userId: principal.sub,
          sessionId: principal.sid,
          jti: principal.jti,
          exp: principal.exp,
          roles: principal.roles,
        },
      });
    const rpcMs = (performance.now() - started) / 500;
    await proxy.close();

    console.log(
      `\nGET /auth/me benchmark (${loadGenerator()}, 50 connections, ${DURATION} s each; the median of ${ROUNDS} runs in turn; node ${process.version})\n`,
    );
    const rows = new Map<string, number[]>(
      (
        [
          ['bare Fastify hello', bare],
          ['bare Nest on Fastify hello (framework floor)', nestHello],
          ['gateway GET / (framework, helmet, guard; no auth)', root],
          ['GET /api/v1/auth/me (JWT from L1, user view from L1)', me],
          ['GET /api/v1/auth/me, view cache off (2 bus hops + SQL)', uncached],
        ] as const
      ).map(([label, r]) => [label, [Math.round(r.rps), r.p50, r.p99]]),
    );
    console.log('| what | req/s | p50 ms | p99 ms |\n|---|---|---|---|');
    for (const [label, figures] of rows) console.log(`| ${label} | ${figures.join(' | ')} |`);
    console.log(
      `\n/auth/me serves ${((me.rps / bare.rps) * 100).toFixed(1)}% of the bare server's rate (${((uncached.rps / bare.rps) * 100).toFixed(1)}% without the view cache).`,
    );
    console.log(
      `An empty Nest app on the same adapter serves ${((nestHello.rps / bare.rps) * 100).toFixed(1)}% of bare Fastify; /auth/me is ${((me.rps / nestHello.rps) * 100).toFixed(1)}% of it.`,
    );
    console.log(`auth.me over the bus alone (sequential, gateway bypassed): ${rpcMs.toFixed(3)} ms per call`);
    console.log('Goal (issue #14): /auth/me at 40 % or more of the bare server, p99 under 10 ms at 50 connections.');
    printBeforeAfter(before, rows, ['req/s', 'p50 ms', 'p99 ms']);
  } finally {
    await dispose();
    hello.stop();
    nest.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
