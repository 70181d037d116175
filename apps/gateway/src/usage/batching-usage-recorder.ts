import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, BeforeApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { QueueName } from '@portcullis/queue';
import { Queue } from 'bullmq';
import { randomUUID } from 'crypto';
import { UsageRecorder, UsageSample } from './usage-recorder';
import { RollupAccumulator, UsageBatchJobData } from './usage-rollup';

export const USAGE_SETTINGS = Symbol('USAGE_SETTINGS');
export interface UsageSettings {
  /**
   * Rollup rows (API × hour × key) held before a flush is forced. Rows, not samples: at any traffic
   * a replica ships one job per interval, and only many distinct routes or callers flush sooner.
   */
  batchSize: number;
  flushMs: number;
}

export const USAGE_JOB = 'usage-batch';
/** Rows kept in memory across failed flushes at most; past it a failed batch is dropped (and logged). */
const MAX_HELD_ROWS = 100_000;

/**
 * Usage off the request path: a sample is folded into memory (no I/O), and every `flushMs` (or once
 * `batchSize` rows are held) the replica's rollup increments go to the proxy-usage queue as one
 * job; the writer (usage-batch.processor.ts) upserts them. A replica that dies loses at most one
 * interval. A batch the queue refuses (Redis read-only after a failover, out of memory) is folded
 * back in and goes with the next flush, up to MAX_HELD_ROWS.
 */
@Injectable()
export class BatchingUsageRecorder extends UsageRecorder implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('UsageRecorder');
  private readonly pending = new RollupAccumulator();
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectQueue(QueueName.ProxyUsage) private readonly queue: Queue<UsageBatchJobData>,
    @Inject(USAGE_SETTINGS) private readonly settings: UsageSettings,
  ) {
    super();
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), this.settings.flushMs);
    this.timer.unref();
  }

  record(sample: UsageSample): void {
    this.pending.add(sample);
    if (this.pending.size >= this.settings.batchSize) void this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const rows = this.pending.drain();
    try {
      await this.queue.add(
        USAGE_JOB,
        { batchId: randomUUID(), rows },
        { attempts: 10, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000 },
      );
    } catch (err) {
      const kept = this.pending.size + rows.length <= MAX_HELD_ROWS;
      if (kept) this.pending.restore(rows);
      this.logger.warn({
        msg: kept
          ? 'usage batch could not be queued; kept for the next flush'
          : 'usage batch could not be queued; dropped',
        rows: rows.length,
        err: (err as Error).message,
      });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
