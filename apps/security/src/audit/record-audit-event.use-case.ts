import { Injectable } from '@nestjs/common';
import { sealEntry } from './audit-chain';
import { toAuditEntry } from './audit-entry';
import { AppendOutcome, AuditLogRepository } from './audit-log.repository';

/**
 * Second half of the pipeline, run by the queue's worker: validate (a MalformedAuditEvent is
 * final), then append to the chain. Appending an event id that is already there is a no-op, the
 * second dedupe layer for a job that ran twice or was re-added after BullMQ forgot the first.
 */
@Injectable()
export class RecordAuditEventUseCase {
  constructor(private readonly log: AuditLogRepository) {}

  async execute(event: unknown): Promise<AppendOutcome> {
    const entry = toAuditEntry(event);
    return this.log.append(entry, (position) => sealEntry(entry, position));
  }
}
