import { Processor } from '@nestjs/bullmq';
import { GracefulWorkerHost, QueueName } from '@portcullis/queue';
import { Job } from 'bullmq';
import { UsageBatchJobData } from './usage-rollup';
import { UsageRollupRepository } from './usage-rollup.repository';

/** Writes usage batches from every replica; a failed batch is retried with backoff (at-least-once). */
@Processor(QueueName.ProxyUsage, { concurrency: 2 })
export class UsageBatchProcessor extends GracefulWorkerHost {
  constructor(private readonly rollups: UsageRollupRepository) {
    super();
  }

  async process(job: Job<UsageBatchJobData>): Promise<number> {
    await this.rollups.merge(job.data.rows);
    return job.data.rows.length;
  }
}
