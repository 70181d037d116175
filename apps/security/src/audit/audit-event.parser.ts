import { AuditEntry } from './audit-record';
import { cleanText, scrubSecrets } from './scrub-secrets';

/** A job whose event can never be recorded; retrying would only fail the same way. */
export class MalformedAuditEvent extends Error {
  constructor(reason: string) {
    super(`Malformed audit event: ${reason}`);
    this.name = 'MalformedAuditEvent';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A larger `data` is replaced by a marker: the fact that the event happened is what must not be lost. */
const MAX_DATA_CHARS = 32 * 1024;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

/**
 * Checks a bus event against the DomainEvent envelope and normalises it into what is stored and
 * hashed. Everything is normalised the way PostgreSQL will hand it back (lower-case uuid,
 * millisecond ISO time), so a record re-hashed from the database matches the hash sealed here.
 */
export function parseAuditEvent(raw: unknown): AuditEntry {
  if (!isObject(raw)) throw new MalformedAuditEvent('not an object');
  if (!isUuid(raw.id)) throw new MalformedAuditEvent('id is not a UUID');
  const subject = raw.subject;
  if (!isObject(subject)) throw new MalformedAuditEvent('subject is missing');
  if (!isObject(raw.data)) throw new MalformedAuditEvent('data is not an object');
  const actor = raw.actor;
  if (actor !== undefined && actor !== null && !isObject(actor)) throw new MalformedAuditEvent('actor is not an object');
  const meta = isObject(raw.meta) ? raw.meta : {};
  return {
    id: raw.id.toLowerCase(),
    type: requiredText(raw.type, 'type', 128),
    actorId: actor ? requiredText(actor.id, 'actor.id', 256) : null,
    subject: { type: requiredText(subject.type, 'subject.type', 64), id: requiredText(subject.id, 'subject.id', 256) },
    // Client-supplied and only context: an odd value is trimmed, never a reason to lose the record.
    ip: optionalText(meta.ip, 64),
    userAgent: optionalText(meta.userAgent, 512),
    requestId: optionalText(meta.requestId, 128),
    data: boundedData(scrubSecrets(raw.data) as Json),
    occurredAt: isoTime(raw.occurredAt),
  };
}

function requiredText(value: unknown, field: string, max: number): string {
  const text = typeof value === 'string' ? cleanText(value) : '';
  if (!text || text.length > max) throw new MalformedAuditEvent(`${field} is missing or longer than ${max}`);
  return text;
}

function optionalText(value: unknown, max: number): string | null {
  const text = typeof value === 'string' ? cleanText(value).slice(0, max) : '';
  return text || null;
}

function isoTime(value: unknown): string {
  const time = typeof value === 'string' ? new Date(value) : new Date(NaN);
  const iso = Number.isNaN(time.getTime()) ? '' : time.toISOString();
  // Years outside 1000–9999 print as ±YYYYYY or 0000, which PostgreSQL would not read back the same.
  if (!/^[1-9]\d{3}-/.test(iso)) throw new MalformedAuditEvent('occurredAt is not a timestamp');
  return iso;
}

function boundedData(data: Json): Json {
  const size = JSON.stringify(data).length;
  return size > MAX_DATA_CHARS ? { truncated: true, originalChars: size } : data;
}
