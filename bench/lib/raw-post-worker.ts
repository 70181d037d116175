/**
 * The raw ceiling's worker, run as a process of its own by webhook-delivery.bench.ts: a BullMQ
 * Worker whose jobs each do one plain HTTP POST. In its own process, as the dispatcher is, so both
 * sides reach the benchmark's receiver the same way (across processes) and share the cores alike.
 * Settings come in the environment; it says `ready` once the worker runs and stops on `stop`.
 */
import { Worker } from 'bullmq';
import { Agent, request } from 'http';
import { bullConnection } from '@portcullis/queue';

const { REDIS_URL, BULL_PREFIX, RECEIVER_URL, CONCURRENCY, BODY } = process.env as Record<string, string>;
const agent = new Agent({ keepAlive: true, maxSockets: Number(CONCURRENCY) });

/** One plain POST on a keep-alive agent: the same client as the dispatcher's (node:http). */
function plainPost(jobId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(BODY),
      'x-job-id': jobId,
    };
    const req = request(RECEIVER_URL, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(BODY);
  });
}

const worker = new Worker('raw-post', (job) => plainPost(String(job.id)), {
  connection: bullConnection({ url: REDIS_URL }),
  prefix: BULL_PREFIX,
  concurrency: Number(CONCURRENCY),
});

void worker.waitUntilReady().then(() => process.send?.('ready'));
process.on('message', (message) => {
  if (message !== 'stop') return;
  void worker.close().then(() => {
    agent.destroy();
    process.exit(0);
  });
});
