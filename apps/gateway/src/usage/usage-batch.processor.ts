import { Processor } from '@nestjs/bullmq';
import { Logger, OnModuleInit } from '@nestjs/common';
import { GracefulWorkerHost, QueueName } from '@portcullis/queue';
import { Job } from 'bullmq';
import { UsageBatchJobData } from './usage-rollup';
import { UsageRollupRepository } from './usage-rollup.repository';

/** How long a merged batch's id is remembered: far past the last retry of its job (about 17 minutes). */
const REMEMBER_BATCHES_MS = 24 * 3_600_000;
const FORGET_EVERY_MS = 10 * 60_000;

/**
 * Writes usage batches from every replica; a failed batch is retried with backoff (at-least-once),
 * and a batch merged before is not added again (exactly-once sums).
 */
@Processor(QueueName.ProxyUsage, { concurrency: 2 })
export class UsageBatchProcessor extends GracefulWorkerHost implements OnModuleInit {
  private readonly logger = new Logger('UsageBatchProcessor');
  private forgetter?: NodeJS.Timeout;

  constructor(private readonly rollups: UsageRollupRepository) {
    super();
  }

  onModuleInit(): void {
    this.forgetter = setInterval(() => void this.forget(), FORGET_EVERY_MS);
    this.forgetter.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.forgetter);
    await super.onModuleDestroy();
  }

  async process(job: Job<UsageBatchJobData>): Promise<number> {
    const merged = await this.rollups.merge(job.data.rows, job.data.batchId);
    return merged ? job.data.rows.length : 0;
  }

  private async forget(): Promise<void> {
    await this.rollups
      .forgetBatches(new Date(Date.now() - REMEMBER_BATCHES_MS))
      .catch((err: Error) => this.logger.warn(`Forgetting merged usage batches failed: ${err.message}`));
  }
}
