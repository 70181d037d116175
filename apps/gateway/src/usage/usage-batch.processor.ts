import { Processor, WorkerHost } from '@nestjs/bullmq';
import { OnModuleDestroy } from '@nestjs/common';
import { QueueName } from '@portcullis/queue';
import { Job } from 'bullmq';
import { UsageBatchJobData } from './usage-rollup';
import { UsageRollupRepository } from './usage-rollup.repository';

/** Writes usage batches from every replica; a failed batch is retried with backoff (at-least-once). */
@Processor(QueueName.ProxyUsage, { concurrency: 2 })
export class UsageBatchProcessor extends WorkerHost implements OnModuleDestroy {
  constructor(private readonly rollups: UsageRollupRepository) {
    super();
  }

  async process(job: Job<UsageBatchJobData>): Promise<number> {
    await this.rollups.merge(job.data.rows);
    return job.data.rows.length;
  }

  /** Closed before the database, so the batch in hand is written rather than retried. */
  async onModuleDestroy(): Promise<void> {
    try {
      await this.worker.close();
    } catch {
      // never started
    }
  }
}
