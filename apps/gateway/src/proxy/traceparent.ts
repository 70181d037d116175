import { randomFillSync } from 'crypto';

/**
 * Trace and span ids are unpredictable but not secret: they come from a pool refilled 4 KiB at a
 * time (as `crypto.randomUUID` does), since a `randomBytes` call per id was 3 % of a proxied
 * request's CPU.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    used = 0;
  }
  used += bytes;
  return pool.toString('hex', used - bytes, used);
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * W3C trace context for the upstream call: the caller's trace continued with a new parent id (the
 * gateway's hop), or a new trace when the caller sent none or a malformed one.
 */
export function traceparentFor(incoming: string | string[] | undefined): string {
  const match = typeof incoming === 'string' ? TRACEPARENT.exec(incoming.trim()) : null;
  const traceId = match && !/^0+$/.test(match[1]) ? match[1] : randomHex(16);
  const flags = match ? match[3] : '01';
  return `00-${traceId}-${randomHex(8)}-${flags}`;
}
