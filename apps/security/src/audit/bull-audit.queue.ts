import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { QueueName } from '@portcullis/queue';
import { jobTraceFields } from '@portcullis/runtime';
import { Queue } from 'bullmq';
import { AuditJobSignature } from './audit-job-signature';
import { AUDIT_JOB_ATTEMPTS, AUDIT_JOB_BACKOFF_MS, AUDIT_JOB_NAME, AuditEventJobData, AuditQueue } from './audit-queue';

/** BullMQ ignores an add whose jobId it still holds, which is the first of the two dedupe layers. */
@Injectable()
export class BullAuditQueue extends AuditQueue {
  constructor(
    @InjectQueue(QueueName.AuditEvents) private readonly queue: Queue<AuditEventJobData>,
    private readonly signature: AuditJobSignature,
  ) {
    super();
  }

  async add(jobId: string, data: Omit<AuditEventJobData, 'mac'>): Promise<void> {
    await this.queue.add(
      AUDIT_JOB_NAME,
      { ...data, ...jobTraceFields(), mac: this.signature.sign(jobId, data) },
      {
        jobId,
        attempts: AUDIT_JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: AUDIT_JOB_BACKOFF_MS },
      },
    );
  }
}
