/**
 * Webhook deliveries per second to a local receiver that answers 200 at once, for 10,000 events
 * fanned out by the real dispatcher (bus → fan-out → BullMQ → signed POST, every attempt recorded),
 * beside a raw BullMQ ceiling measured in the same run: jobs that do one plain HTTP POST and nothing
 * else. Also prints event-to-delivery latency p50/p99.
 *   npm run bench:webhooks  (EVENTS=10000, CONCURRENCY=16: worker slots on both sides)
 */
import { Queue, Worker } from 'bullmq';
import { Agent, createServer, request, Server } from 'http';
import { BusClient, RedisStreamsClient } from '@portcullis/bus';
import { domainEvent } from '@portcullis/common';
import { Events, WebhookPatterns } from '@portcullis/contracts';
import { bullConnection, bullPrefix } from '@portcullis/queue';
import { benchPlatform } from './lib/bench-platform';
import { summarize } from './lib/stats';

const EVENTS = Number(process.env.EVENTS ?? 10000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);

function receiver(onHit: (id: string) => void): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      onHit(String(req.headers['webhook-id'] ?? req.headers['x-job-id']));
      res.end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook` })));
}

async function untilCount(count: () => number, target: number): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  while (count() < target) {
    if (Date.now() > deadline) throw new Error(`only ${count()} of ${target} arrived`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * One plain POST on a keep-alive agent: the same client the dispatcher uses (node:http), so the
 * ceiling is not handicapped by a slower one (fetch costs ~4x the CPU per request here).
 */
const ceilingAgent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function plainPost(url: string, body: string, jobId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: ceilingAgent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-job-id': jobId } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function rawCeiling(redisUrl: string, prefix: string): Promise<number> {
  const seen = new Set<string>();
  const { server, url } = await receiver((id) => seen.add(id));
  const options = { connection: bullConnection(redisUrl), prefix: bullPrefix(`${prefix}:raw`) };
  const queue = new Queue('raw-post', options);
  const body = JSON.stringify(domainEvent(Events.userUpdated, { subject: { type: 'user', id: 'u' }, data: { fields: ['displayName'] } }));
  // The clock starts before the jobs are added, as the dispatcher's starts before the events are
  // published: both figures cover getting the work in as well as doing it.
  const started = performance.now();
  await queue.addBulk(Array.from({ length: EVENTS }, (_, i) => ({ name: 'post', data: { i } })));
  const worker = new Worker('raw-post', async (job) => {
    await plainPost(url, body, String(job.id));
  }, { ...options, concurrency: CONCURRENCY });
  await untilCount(() => seen.size, EVENTS);
  const perSecond = (EVENTS / (performance.now() - started)) * 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  ceilingAgent.destroy();
  server.close();
  return perSecond;
}

async function main(): Promise<void> {
  const { platform, dispose } = await benchPlatform(['webhook-dispatcher'], {
    ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_WORKER_CONCURRENCY: String(CONCURRENCY),
    WEBHOOK_PER_ENDPOINT_CONCURRENCY: String(CONCURRENCY),
  });
  const proxy = new RedisStreamsClient({ redisUrl: platform.env.REDIS_URL, prefix: platform.env.REDIS_PREFIX, timeoutMs: 30_000 });
  try {
    await proxy.connect();
    const bus = new BusClient(proxy);
    const ceiling = await rawCeiling(platform.env.REDIS_URL, platform.env.REDIS_PREFIX);

    const arrivals = new Map<string, number>();
    const { server, url } = await receiver((id) => arrivals.has(id) || arrivals.set(id, performance.now()));
    await bus.call(WebhookPatterns.create, { owner: { userId: '00000000-0000-4000-8000-000000000001', isAdmin: true }, url, events: ['user.updated'], scope: 'all' });
    const published = new Map<string, number>();
    const started = performance.now();
    for (let i = 0; i < EVENTS; i++) {
      const event = domainEvent(Events.userUpdated, { subject: { type: 'user', id: `u-${i}` }, data: { fields: ['displayName'] } });
      published.set(event.id, performance.now());
      void bus.publish(Events.userUpdated, event);
      if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
    }
    await untilCount(() => arrivals.size, EVENTS);
    const wallMs = performance.now() - started;
    const latencies = [...arrivals].map(([id, at]) => at - (published.get(id) ?? at));
    const latency = summarize(latencies, wallMs);
    server.close();

    const perSecond = (EVENTS / wallMs) * 1000;
    console.log(`\nWebhook delivery benchmark (${EVENTS} events, worker concurrency ${CONCURRENCY}, node ${process.version})\n`);
    console.log('| what | deliveries/s |\n|---|---|');
    console.log(`| raw BullMQ ceiling (one plain POST per job) | ${ceiling.toFixed(0)} |`);
    console.log(`| Portcullis dispatcher (fan-out, signing, tracking) | ${perSecond.toFixed(0)} |`);
    console.log(`\nDispatcher throughput is ${((perSecond / ceiling) * 100).toFixed(0)}% of the raw ceiling.`);
    console.log(`Event-to-delivery latency: p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms (all ${EVENTS} published at once, so this includes queueing).`);
  } finally {
    await proxy.close();
    await dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
