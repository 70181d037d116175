import { Queue } from 'bullmq';
import { BatchingUsageRecorder } from './batching-usage-recorder';
import { UsageBatchJobData } from './usage-rollup';

/** Stands in for the proxy-usage queue: keeps what would have been enqueued. */
class FakeQueue {
  readonly jobs: UsageBatchJobData[] = [];
  /** The next add fails with this (Redis read-only after a failover, say). */
  failure?: Error;
  add(_name: string, data: UsageBatchJobData): Promise<void> {
    const failure = this.failure;
    this.failure = undefined;
    if (failure) return Promise.reject(failure);
    this.jobs.push(data);
    return Promise.resolve();
  }
}

const at = Date.parse('2026-11-28T10:00:30Z');
const sample = (caller = 'user:u1') => ({ apiId: 'a', at, route: 'GET /x', caller, status: 200, latencyMs: 4 });

function recorder(batchSize: number) {
  const queue = new FakeQueue();
  const usage = new BatchingUsageRecorder(queue as unknown as Queue<UsageBatchJobData>, {
    batchSize,
    flushMs: 60_000,
  });
  return { queue, usage };
}

describe('BatchingUsageRecorder', () => {
  it('holds any number of samples of the same keys until the flush: one job, not one per batchSize samples', async () => {
    const { queue, usage } = recorder(10);
    for (let i = 0; i < 5_000; i++) usage.record(sample());
    expect(queue.jobs).toHaveLength(0);
    await usage.flush();
    expect(queue.jobs).toHaveLength(1);
    // One row per grouping (route, caller, status), each counting every sample.
    expect(queue.jobs[0].rows.map((r) => [r.dimension, r.count])).toEqual([
      ['r', 5_000],
      ['c', 5_000],
      ['s', 5_000],
    ]);
  });

  it('keeps a batch the queue refused and ships it, merged with what came since, with the next flush', async () => {
    const { queue, usage } = recorder(1000);
    for (let i = 0; i < 3; i++) usage.record(sample());
    queue.failure = new Error("READONLY You can't write against a read only replica.");
    await usage.flush();
    expect(queue.jobs).toHaveLength(0);
    usage.record(sample());
    usage.record({ ...sample(), status: 502 });
    await usage.flush();
    expect(queue.jobs).toHaveLength(1);
    const rows = queue.jobs[0].rows;
    expect(rows.find((r) => r.dimension === 'r')).toMatchObject({ count: 5, errors: 1 });
    expect(rows.filter((r) => r.dimension === 's').map((r) => [r.key, r.count])).toEqual([
      ['200', 4],
      ['502', 1],
    ]);
    expect(rows.find((r) => r.dimension === 'r')!.histogram.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('flushes early once it holds batchSize rows (many distinct callers), and nothing twice', async () => {
    const { queue, usage } = recorder(10);
    // Each new caller adds a caller row; route and status rows are shared: 2 + n rows.
    for (let i = 0; i < 8; i++) usage.record(sample(`user:u${i}`));
    expect(queue.jobs).toHaveLength(1);
    expect(queue.jobs[0].rows).toHaveLength(10);
    await usage.flush();
    expect(queue.jobs).toHaveLength(1);
  });
});
