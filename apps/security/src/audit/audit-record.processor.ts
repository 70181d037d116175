import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { GracefulWorkerHost, QueueName } from '@portcullis/queue';
import { runInJobContext } from '@portcullis/runtime';
import { Job, UnrecoverableError } from 'bullmq';
import { MalformedAuditEvent } from './audit-entry';
import { AuditJobSignature } from './audit-job-signature';
import { AuditEventJobData } from './audit-queue';
import { RecordAuditEventUseCase } from './record-audit-event.use-case';

/**
 * How many audit jobs a replica runs at once. They share the chain's one writer: the jobs that are
 * running together are appended in one transaction (RecordAuditEventUseCase), in the order they
 * reached it, and the advisory lock orders replicas. One at a time, a replica waited on four
 * PostgreSQL round trips per record and recorded about 400 a second with half a core busy.
 */
const AUDIT_JOBS_AT_ONCE = 64;

/**
 * Writes audit records, AUDIT_JOBS_AT_ONCE jobs at a time per replica, each job answered once its
 * batch is written. A failing job is retried with backoff while later jobs go on;
 * a malformed one is failed at once (UnrecoverableError) and kept for inspection, and so is one
 * this app did not sign (added through the dashboard or straight into Redis): never written.
 */
@Processor(QueueName.AuditEvents, { concurrency: AUDIT_JOBS_AT_ONCE })
export class AuditRecordProcessor extends GracefulWorkerHost {
  private readonly logger = new Logger(AuditRecordProcessor.name);

  constructor(
    private readonly record: RecordAuditEventUseCase,
    private readonly signature: AuditJobSignature,
  ) {
    super();
  }

  process(job: Job<AuditEventJobData>): Promise<string> {
    return runInJobContext('record audit event', job.data, () => this.recordSigned(job));
  }

  private async recordSigned(job: Job<AuditEventJobData>): Promise<string> {
    if (!this.signature.verify(job.id, job.data)) {
      this.logger.error(
        `Audit job ${job.id} refused: it was not enqueued by the security app (missing or invalid MAC)`,
      );
      throw new UnrecoverableError('Audit job refused: missing or invalid MAC');
    }
    try {
      return await this.record.execute(job.data?.event);
    } catch (err) {
      if (err instanceof MalformedAuditEvent) throw new UnrecoverableError(err.message);
      throw err;
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<AuditEventJobData> | undefined, err: Error): void {
    // The reason only: job data is an event, and logs are no place for its contents.
    this.logger.warn(`Audit job ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`);
  }
}
