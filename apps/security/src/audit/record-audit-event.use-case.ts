import { Injectable } from '@nestjs/common';
import { GroupCommit } from '@portcullis/queue';
import { sealEntry } from './audit-chain';
import { toAuditEntry } from './audit-entry';
import { AppendOutcome, AuditLogRepository } from './audit-log.repository';
import { AuditEntry } from './audit-record';

/**
 * Second half of the pipeline, run by the queue's worker for each job: validate (a
 * MalformedAuditEvent is final, and never joins a batch), then append to the chain. The jobs the
 * worker runs at once are appended together (group commit: one transaction for all of them, each
 * job resolved once it is written). Appending an event id that is already there is a no-op, the
 * second dedupe layer for a job that ran twice or was re-added after BullMQ forgot the first.
 */
@Injectable()
export class RecordAuditEventUseCase {
  private readonly appends: GroupCommit<AuditEntry, AppendOutcome | Error>;

  constructor(private readonly log: AuditLogRepository) {
    this.appends = new GroupCommit((entries) => this.appendTogether(entries));
  }

  async execute(event: unknown): Promise<AppendOutcome> {
    const outcome = await this.appends.add(toAuditEntry(event));
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }

  /**
   * One transaction for the batch. If it fails, each entry is tried alone: a record PostgreSQL
   * refuses must fail its own job only, not every job it shares a batch with, retry after retry,
   * until their attempts run out. (None is known: the NULs and lone surrogates that jsonb refuses
   * are scrubbed before the job is queued, see scrub-secrets.ts. This keeps an unknown one from
   * costing other records.) When the database is down, every entry fails alone too, and each job
   * is retried with backoff.
   */
  private async appendTogether(entries: AuditEntry[]): Promise<Array<AppendOutcome | Error>> {
    try {
      return await this.log.appendAll(entries, sealEntry);
    } catch (err) {
      if (entries.length === 1) throw err;
      const outcomes: Array<AppendOutcome | Error> = [];
      for (const entry of entries)
        outcomes.push(
          await this.log.appendAll([entry], sealEntry).then(
            ([outcome]) => outcome,
            (failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure))),
          ),
        );
      return outcomes;
    }
  }
}
