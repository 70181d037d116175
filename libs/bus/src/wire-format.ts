/**
 * How a message is laid out as stream entry fields. Field names are short because every request
 * carries them; the payload is JSON in one field so XADD stays a single flat command.
 */
export interface BusRequest {
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
  traceparent?: string;
}

export interface BusEvent {
  kind: 'event';
  pattern: string;
  data: unknown;
  traceparent?: string;
}

export type BusMessage = BusRequest | BusEvent;

export function encodeRequest(r: Omit<BusRequest, 'kind'>): string[] {
  const fields = ['p', r.pattern, 'i', r.id, 'r', r.replyTo, 'dl', String(r.deadline), 'd', JSON.stringify(r.data ?? null)];
  if (r.redisDeadline !== undefined) fields.push('rdl', String(Math.floor(r.redisDeadline)));
  if (r.traceparent) fields.push('tp', r.traceparent);
  return fields;
}

export function encodeEvent(e: Omit<BusEvent, 'kind'>): string[] {
  const fields = ['p', e.pattern, 'd', JSON.stringify(e.data ?? null)];
  if (e.traceparent) fields.push('tp', e.traceparent);
  return fields;
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
    return { kind: 'rpc', pattern: map.p, id: map.i, replyTo: map.r, deadline: Number(map.dl) || 0, redisDeadline, data, traceparent: map.tp };
  }
  return { kind: 'event', pattern: map.p, data, traceparent: map.tp };
}

/** What the server publishes on the caller's reply channel. */
export interface BusReply {
  id: string;
  response?: unknown;
  err?: { code: string; message: string; details?: Record<string, unknown> };
}
