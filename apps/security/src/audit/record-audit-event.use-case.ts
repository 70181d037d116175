import { Injectable } from '@nestjs/common';
import { GroupCommit } from '@portcullis/queue';
import { sealEntry } from './audit-chain';
import { toAuditEntry } from './audit-entry';
import { AuditEntry } from './audit-record';
import { AppendOutcome, AuditLogRepository } from './audit-log.repository';

/**
 * Second half of the pipeline, run by the queue's worker for each job: validate (a
 * MalformedAuditEvent is final, and never joins a batch), then append to the chain. The jobs the
 * worker runs at once are appended together (group commit: one transaction for all of them, each
 * job resolved once it is written). Appending an event id that is already there is a no-op, the
 * second dedupe layer for a job that ran twice or was re-added after BullMQ forgot the first.
 */
@Injectable()
export class RecordAuditEventUseCase {
  private readonly appends: GroupCommit<AuditEntry, AppendOutcome>;

  constructor(log: AuditLogRepository) {
    this.appends = new GroupCommit((entries) => log.appendAll(entries, sealEntry));
  }

  async execute(event: unknown): Promise<AppendOutcome> {
    return this.appends.add(toAuditEntry(event));
  }
}
