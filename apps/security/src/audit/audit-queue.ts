import { JobTraceFields } from '@portcullis/runtime';

/**
 * What the bus handler hands the queue: the event as received (secrets already removed), and the
 * request it came from (trace context, request id: not covered by the MAC, they only label logs and traces).
 */
export interface AuditEventJobData extends JobTraceFields {
  event: unknown;
  /** The bus stream entry it came from, for tracing a failed job back to its message. */
  busMessageId: string;
  /** HMAC over the job (see audit-job-signature.ts); a job without a valid one is never written. */
  mac: string;
}

/** Stable: renaming a job is a migration (jobs already queued keep the old name). */
export const AUDIT_JOB_NAME = 'record-event';

/** Retries for transient failures (PostgreSQL away): 1 s, 2 s, 4 s … about 4 minutes in all. */
export const AUDIT_JOB_ATTEMPTS = 8;
export const AUDIT_JOB_BACKOFF_MS = 1_000;

/** The audit-events queue. Adding a job whose id exists already is a no-op. */
export abstract class AuditQueue {
  /** The adapter signs the job as it enqueues it: only this app's own jobs carry a valid MAC. */
  abstract add(jobId: string, data: Omit<AuditEventJobData, 'mac'>): Promise<void>;
}
