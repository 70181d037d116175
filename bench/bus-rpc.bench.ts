/**
 * Bus RPC round trip (caller → the `user` app over Redis Streams → reply) at concurrency 1 and 64,
 * beside a raw Redis PING measured in the same run on the same Redis. Prints a table; not a test.
 *   npm run bench:bus            (REQUESTS=20000 to change the sample size)
 * With BENCH_BEFORE=<checkout of an earlier commit> it also runs that checkout's benchmark first
 * and prints before → after for every row (see README, "Benchmarks").
 */
import { BusClient, RedisStreamsClient } from '@portcullis/bus';
import { pingPattern } from '@portcullis/contracts';
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import Redis from 'ioredis';
import { join } from 'path';
import { AppProcess, freePort, httpOk, removeKeysUnder } from '@portcullis/testing';
import { printBeforeAfter, Rows, runBefore } from './lib/before';
import { appNodeArgs } from './lib/bench-platform';
import { withThrowawayDatabase } from './lib/throwaway-database';
import { HEADER, row, runLoad, summarize } from './lib/stats';

const ROOT = join(__dirname, '..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOTAL = Number(process.env.REQUESTS ?? 20000);

// The user app connects to PostgreSQL at start: each run gets a database of its own.
async function main(): Promise<void> {
  const before = process.env.BENCH_BEFORE
    ? await withThrowawayDatabase('bus_before', (DATABASE_URL) =>
        runBefore('bench:bus', { REQUESTS: String(TOTAL), DATABASE_URL }),
      )
    : undefined;
  await withThrowawayDatabase('bus', (databaseUrl) => measureThisCheckout(databaseUrl, before));
}

async function measureThisCheckout(databaseUrl: string, before: Rows | undefined): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.js')], { stdio: 'inherit' });
  const prefix = `bench:${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const app = new AppProcess({
    name: 'user',
    args: [...appNodeArgs(), join(ROOT, 'dist/apps/user/apps/user/src/main.js')],
    env: { REDIS_URL, DATABASE_URL: databaseUrl, REDIS_PREFIX: prefix, OPS_PORT: String(port), LOG_LEVEL: 'warn' },
    ready: () => httpOk(`http://127.0.0.1:${port}/health`),
  });
  await app.start();
  const redis = new Redis(REDIS_URL);
  const proxy = new RedisStreamsClient({ redis: { url: REDIS_URL }, prefix, timeoutMs: 10_000 });
  await proxy.connect();
  const bus = new BusClient(proxy);
  const ping = pingPattern('user');
  try {
    const busCall = () => bus.call(ping, {});
    const rawPing = () => redis.ping();
    await runLoad(busCall, 2000, 16); // warm up JIT, connections and the consumer group
    await runLoad(rawPing, 2000, 16);
    const results: Array<[string, ReturnType<typeof summarize>]> = [];
    for (const concurrency of [1, 64]) {
      const total = concurrency === 1 ? Math.min(TOTAL, 10000) : TOTAL;
      const raw = await runLoad(rawPing, total, concurrency);
      results.push([`raw Redis PING, c=${concurrency}`, summarize(raw.samples, raw.wallMs)]);
      const rpc = await runLoad(busCall, total, concurrency);
      results.push([`bus RPC user.ping, c=${concurrency}`, summarize(rpc.samples, rpc.wallMs)]);
    }
    console.log(`\nBus RPC benchmark (${TOTAL} requests at c=64; node ${process.version}; one user replica)\n`);
    console.log(HEADER);
    results.forEach(([label, s]) => console.log(row(label, s)));
    for (const c of [1, 64]) {
      const raw = results.find(([l]) => l === `raw Redis PING, c=${c}`)![1];
      const rpc = results.find(([l]) => l === `bus RPC user.ping, c=${c}`)![1];
      console.log(
        `c=${c}: bus p50 is ${(rpc.p50 / raw.p50).toFixed(1)}x raw PING; throughput ${((rpc.perSecond / raw.perSecond) * 100).toFixed(0)}% of raw`,
      );
    }
    const after = new Map(
      results.map(([label, s]) => [
        label,
        [Number(s.p50.toFixed(3)), Number(s.p99.toFixed(3)), Math.round(s.perSecond)],
      ]),
    );
    printBeforeAfter(before, after, ['p50 ms', 'p99 ms', 'per sec']);
  } finally {
    await proxy.close();
    await app.stop();
    await redis.quit();
    await removeKeysUnder(REDIS_URL, prefix);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
