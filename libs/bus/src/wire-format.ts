import { originFrom } from '@portcullis/common';
/**
 * How a message is laid out as stream entry fields. Field names are short because every request
 * carries them; the payload is JSON in one field so XADD stays a single flat command.
 */
/**
 * The request context a message carries (see libs/common request-context.ts): the client fills it
 * from the ambient context, the server restores it around the handler. The principal and origin are
 * opaque JSON here; the contracts own their shape.
 */
export interface MessageHeaders {
  traceparent?: string;
  requestId?: string;
  principal?: unknown;
  origin?: { ip?: string; userAgent?: string };
}

export interface BusRequest extends MessageHeaders {
  kind: 'rpc';
  pattern: string;
  id: string;
  replyTo: string;
  /**
   * Epoch ms on the caller's clock after which it has given up. Kept for readers that predate
   * `redisDeadline`, which supersedes it because pods' clocks differ (see request-deadline.ts).
   */
  deadline: number;
  /** The same deadline on Redis' clock, the one clock every pod can read. */
  redisDeadline?: number;
  data: unknown;
}

export interface BusEvent extends MessageHeaders {
  kind: 'event';
  pattern: string;
  data: unknown;
}

export type BusMessage = BusRequest | BusEvent;

export function encodeRequest(r: Omit<BusRequest, 'kind'>): string[] {
  const fields = [
    'p',
    r.pattern,
    'i',
    r.id,
    'r',
    r.replyTo,
    'dl',
    String(r.deadline),
    'd',
    JSON.stringify(r.data ?? null),
  ];
  if (r.redisDeadline !== undefined) fields.push('rdl', String(Math.floor(r.redisDeadline)));
  pushHeaders(fields, r);
  return fields;
}

export function encodeEvent(e: Omit<BusEvent, 'kind'>): string[] {
  const fields = ['p', e.pattern, 'd', JSON.stringify(e.data ?? null)];
  pushHeaders(fields, e);
  return fields;
}

function pushHeaders(fields: string[], h: MessageHeaders): void {
  if (h.traceparent) fields.push('tp', h.traceparent);
  if (h.requestId) fields.push('rq', h.requestId);
  if (h.principal !== undefined) fields.push('pr', JSON.stringify(h.principal));
  if (h.origin) fields.push('or', JSON.stringify(h.origin));
}

/** A header that does not parse is dropped, never the message: it is context, not work. */
function readHeaders(map: Record<string, string>): MessageHeaders {
  const headers: MessageHeaders = {};
  if (map.tp) headers.traceparent = map.tp;
  if (map.rq) headers.requestId = map.rq;
  const principal = parseOrUndefined(map.pr);
  if (principal !== undefined) headers.principal = principal;
  const origin = originFrom(parseOrUndefined(map.or));
  if (origin) headers.origin = origin;
  return headers;
}

function parseOrUndefined(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Returns null for an entry that is not a bus message (it is acked and logged, never retried). */
export function decodeMessage(fields: string[]): BusMessage | null {
  const map: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) map[fields[i]] = fields[i + 1];
  if (!map.p || map.d === undefined) return null;
  let data: unknown;
  try {
    data = JSON.parse(map.d);
  } catch {
    return null;
  }
  if (map.i && map.r) {
    const redisDeadline = map.rdl === undefined || !Number.isFinite(Number(map.rdl)) ? undefined : Number(map.rdl);
    return {
      kind: 'rpc',
      pattern: map.p,
      id: map.i,
      replyTo: map.r,
      deadline: Number(map.dl) || 0,
      redisDeadline,
      data,
      ...readHeaders(map),
    };
  }
  return { kind: 'event', pattern: map.p, data, ...readHeaders(map) };
}

/** What the server publishes on the caller's reply channel. */
export interface BusReply {
  id: string;
  response?: unknown;
  err?: { code: string; message: string; details?: Record<string, unknown> };
}
