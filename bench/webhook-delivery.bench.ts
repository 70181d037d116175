/**
 * Webhook deliveries per second to a local receiver that answers 200 at once, for 10,000 events
 * fanned out by the real dispatcher (bus → fan-out → BullMQ → signed POST, every attempt recorded),
 * beside a raw BullMQ ceiling measured in the same run: jobs that do one plain HTTP POST and nothing
 * else. Also prints event-to-delivery latency p50/p99.
 *   npm run bench:webhooks  (EVENTS=10000 a round, ROUNDS=3, CONCURRENCY=128: worker slots on both sides)
 */
import { Queue } from 'bullmq';
import { ChildProcess, fork } from 'child_process';
import { createServer, Server } from 'http';
import { join } from 'path';
import { BusClient, RedisStreamsClient } from '@portcullis/bus';
import { domainEvent } from '@portcullis/common';
import { Events, WebhookPatterns } from '@portcullis/contracts';
import { bullConnection, bullPrefix } from '@portcullis/queue';
import { benchPlatform } from './lib/bench-platform';
import { machineCpuMeter } from './lib/machine-cpu';
import { summarize } from './lib/stats';

const EVENTS = Number(process.env.EVENTS ?? 10000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 128);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const WARMUP = Math.max(1, Math.round(EVENTS / 5));

function receiver(onHit: (id: string, raw: boolean) => void): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const jobId = req.headers['x-job-id'];
      onHit(String(jobId ?? req.headers['webhook-id']), jobId !== undefined);
      res.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook` }),
    ),
  );
}

async function untilCount(count: () => number, target: number): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  while (count() < target) {
    if (Date.now() > deadline) throw new Error(`only ${count()} of ${target} arrived`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface RoundResult {
  perSecond: number;
  /** Busy CPU of the whole machine per delivery, ms (null off Linux). */
  cpuMsPer: number | null;
}

/** From when `started` and `cpuSpent` were taken until now, `count` done. */
function resultOf(count: number, started: number, cpuSpent: () => number | null): RoundResult {
  const cpuMs = cpuSpent();
  return { perSecond: (count / (performance.now() - started)) * 1000, cpuMsPer: cpuMs === null ? null : cpuMs / count };
}

/** The raw ceiling's worker in a process of its own (lib/raw-post-worker.ts), running once it resolves. */
async function rawPostWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = fork(join(__dirname, 'lib', 'raw-post-worker.ts'), {
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    env: { ...process.env, ...env },
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`raw ceiling worker exited (${code})`)));
  });
  return child;
}

async function rawCeiling(
  redisUrl: string,
  prefix: string,
  count: number,
  url: string,
  seen: Set<string>,
): Promise<RoundResult> {
  seen.clear();
  const options = { connection: bullConnection({ url: redisUrl }), prefix: bullPrefix(`${prefix}:raw`) };
  const queue = new Queue('raw-post', options);
  const body = JSON.stringify(
    domainEvent(Events.userUpdated, { subject: { type: 'user', id: 'u' }, data: { fields: ['displayName'] } }),
  );
  const worker = await rawPostWorker({
    REDIS_URL: redisUrl,
    BULL_PREFIX: options.prefix,
    RECEIVER_URL: url,
    CONCURRENCY: String(CONCURRENCY),
    BODY: body,
  });
  // The clock starts before the jobs are added, as the dispatcher's starts before the events are
  // published: both figures cover getting the work in as well as doing it.
  const started = performance.now();
  const cpuSpent = machineCpuMeter();
  await queue.addBulk(Array.from({ length: count }, (_, i) => ({ name: 'post', data: { i } })));
  await untilCount(() => seen.size, count);
  const result = resultOf(count, started, cpuSpent);
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.send('stop');
  await exited;
  await queue.obliterate({ force: true });
  await queue.close();
  return result;
}

/** Publishes `count` events at once and waits for each one's delivery. */
async function dispatcherRun(
  bus: BusClient,
  arrivals: Map<string, number>,
  latencies: number[],
  count: number,
): Promise<RoundResult> {
  arrivals.clear();
  const published = new Map<string, number>();
  const started = performance.now();
  const cpuSpent = machineCpuMeter();
  for (let i = 0; i < count; i++) {
    const event = domainEvent(Events.userUpdated, {
      subject: { type: 'user', id: `u-${i}` },
      data: { fields: ['displayName'] },
    });
    published.set(event.id, performance.now());
    void bus.publish(Events.userUpdated, event);
    if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
  }
  await untilCount(() => arrivals.size, count);
  const result = resultOf(count, started, cpuSpent);
  for (const [id, at] of arrivals) latencies.push(at - (published.get(id) ?? at));
  return result;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cpu = (r: RoundResult) => (r.cpuMsPer === null ? 'n/a' : r.cpuMsPer.toFixed(2));

async function main(): Promise<void> {
  const { platform, dispose } = await benchPlatform(['webhook-dispatcher'], {
    ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_WORKER_CONCURRENCY: String(CONCURRENCY),
    WEBHOOK_PER_ENDPOINT_CONCURRENCY: String(CONCURRENCY),
  });
  const proxy = new RedisStreamsClient({
    redis: { url: platform.env.REDIS_URL },
    prefix: platform.env.REDIS_PREFIX,
    timeoutMs: 30_000,
  });
  // One receiver for both sides, each in a process of its own: job ids from the ceiling, webhook ids from the dispatcher.
  const arrivals = new Map<string, number>();
  const seen = new Set<string>();
  const { server, url } = await receiver((id, raw) =>
    raw ? seen.add(id) : arrivals.has(id) || arrivals.set(id, performance.now()),
  );
  try {
    await proxy.connect();
    const bus = new BusClient(proxy);
    await bus.call(WebhookPatterns.create, {
      owner: { userId: '00000000-0000-4000-8000-000000000001', isAdmin: true },
      url,
      events: ['user.updated'],
      scope: 'all',
    });
    const ceilingRun = (round: number, count: number) =>
      rawCeiling(platform.env.REDIS_URL, `${platform.env.REDIS_PREFIX}:${round}`, count, url, seen);
    // Both sides warm up first (JIT, connection pools), uncounted.
    await ceilingRun(0, WARMUP);
    await dispatcherRun(bus, arrivals, [], WARMUP);
    // Rounds alternate the two sides, so a spell of a slower machine falls on both alike.
    const rounds: Array<{ ceiling: RoundResult; dispatcher: RoundResult }> = [];
    const latencies: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const ceiling = await ceilingRun(round, EVENTS);
      const dispatcher = await dispatcherRun(bus, arrivals, latencies, EVENTS);
      rounds.push({ ceiling, dispatcher });
    }
    const latency = summarize(latencies, 1);

    console.log(
      `\nWebhook delivery benchmark (${EVENTS} events a round, ${ROUNDS} rounds after a warm-up of ${WARMUP}, worker concurrency ${CONCURRENCY}, node ${process.version})\n`,
    );
    console.log(
      '| round | raw BullMQ ceiling /s | dispatcher /s | share | CPU ms per job: ceiling | dispatcher |\n|---|---|---|---|---|---|',
    );
    rounds.forEach(({ ceiling, dispatcher }, i) => {
      const share = ((dispatcher.perSecond / ceiling.perSecond) * 100).toFixed(0);
      console.log(
        `| ${i + 1} | ${ceiling.perSecond.toFixed(0)} | ${dispatcher.perSecond.toFixed(0)} | ${share}% | ${cpu(ceiling)} | ${cpu(dispatcher)} |`,
      );
    });
    const shares = rounds.map((r) => (r.dispatcher.perSecond / r.ceiling.perSecond) * 100);
    console.log(`\nRaw ceiling: one plain POST per job. Dispatcher: fan-out, signing, tracking, per-endpoint cap.`);
    console.log(
      `CPU ms per job is the busy time of the whole machine (apps, PostgreSQL, Redis, receiver) per delivery.`,
    );
    console.log(
      `Median: dispatcher ${median(rounds.map((r) => r.dispatcher.perSecond)).toFixed(0)}/s, ${median(shares).toFixed(0)}% of the raw ceiling (${median(rounds.map((r) => r.ceiling.perSecond)).toFixed(0)}/s).`,
    );
    console.log(
      `Event-to-delivery latency: p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms (all ${EVENTS} of a round published at once, so this includes queueing).`,
    );
  } finally {
    server.close();
    await proxy.close();
    await dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
