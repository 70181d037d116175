import { Injectable } from '@nestjs/common';
import { isUuid } from '@portcullis/common';
import { AuditQueue } from './audit-queue';
import { scrubSecrets } from './scrub-secrets';

/**
 * First half of the pipeline, run for every event on the bus: make it a durable job, named by the
 * event id so a redelivered event (the bus is at least once) adds nothing. It resolves only once
 * the job exists, and the bus acks only then; if Redis refuses, the bus delivers the event again.
 * Validation waits for the processor, so a malformed event still leaves a failed job to inspect.
 */
@Injectable()
export class EnqueueAuditEventUseCase {
  constructor(private readonly queue: AuditQueue) {}

  async execute(event: unknown, busMessageId: string): Promise<void> {
    // Job data sits in Redis and on the dashboard, so secrets are dropped before it gets there.
    const scrubbed = scrubSecrets(event);
    await this.queue.add(auditJobId(scrubbed, busMessageId), { event: scrubbed, busMessageId });
  }
}

/** The event id when it has one; otherwise the bus entry id, which is as stable across redeliveries. */
export function auditJobId(event: unknown, busMessageId: string): string {
  const id = (event as { id?: unknown } | null)?.id;
  return isUuid(id) ? id.toLowerCase() : `bus-${busMessageId}`;
}
