import { anyDomainEvent } from '@portcullis/contracts';
import { AuditEntry } from './audit-record';
import { cleanText, scrubSecrets } from './scrub-secrets';

/** A job whose event can never be recorded; retrying would only fail the same way. */
export class MalformedAuditEvent extends Error {
  constructor(reason: string) {
    super(`Malformed audit event: ${reason}`);
    this.name = 'MalformedAuditEvent';
  }
}

/** A larger `data` is replaced by a marker: the fact that the event happened is what must not be lost. */
const MAX_DATA_CHARS = 32 * 1024;

type Json = Record<string, unknown>;

/**
 * The event as stored and hashed: checked against the contract's envelope (the job came through
 * Redis, so it is checked again here), then normalised the way PostgreSQL will hand it back
 * (lower-case uuid, millisecond ISO time), so a record re-hashed from the database matches the
 * hash sealed here.
 */
export function toAuditEntry(raw: unknown): AuditEntry {
  const parsed = anyDomainEvent.safeParse(raw);
  if (!parsed.success) {
    throw new MalformedAuditEvent(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; '),
    );
  }
  const { id, type, actor, subject, meta = {}, data, occurredAt } = parsed.data;
  return {
    id: id.toLowerCase(),
    type: requiredText(type, 'type', 128),
    actorId: actor ? requiredText(actor.id, 'actor.id', 256) : null,
    subject: { type: subject.type, id: requiredText(subject.id, 'subject.id', 256) },
    // Client-supplied and only context: an odd value is trimmed, never a reason to lose the record.
    ip: optionalText(meta.ip, 64),
    userAgent: optionalText(meta.userAgent, 512),
    requestId: optionalText(meta.requestId, 128),
    data: boundedData(scrubSecrets(data) as Json),
    occurredAt: isoTime(occurredAt),
  };
}

function requiredText(value: string, field: string, max: number): string {
  const text = cleanText(value);
  if (!text || text.length > max) throw new MalformedAuditEvent(`${field} is missing or longer than ${max}`);
  return text;
}

function optionalText(value: string | undefined, max: number): string | null {
  const text = value === undefined ? '' : cleanText(value).slice(0, max);
  return text || null;
}

function isoTime(value: string): string {
  const time = new Date(value);
  const iso = Number.isNaN(time.getTime()) ? '' : time.toISOString();
  // Years outside 1000–9999 print as ±YYYYYY or 0000, which PostgreSQL would not read back the same.
  if (!/^[1-9]\d{3}-/.test(iso)) throw new MalformedAuditEvent('occurredAt is not a timestamp');
  return iso;
}

function boundedData(data: Json): Json {
  const size = JSON.stringify(data).length;
  return size > MAX_DATA_CHARS ? { truncated: true, originalChars: size } : data;
}
