/** Spread of each scheduled delay (±20 %), so deliveries that failed together do not retry together. */
export const JITTER = 0.2;
/** A Retry-After longer than this is taken as this: a receiver cannot park a delivery for days. */
export const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/** The delay before retry `retry` (0-based); past the end of the schedule, its last step. */
export function scheduledDelayMs(
  scheduleMs: readonly number[],
  retry: number,
  random: () => number = Math.random,
): number {
  const base = scheduleMs[Math.min(Math.max(retry, 0), scheduleMs.length - 1)] ?? 0;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** Only these statuses' Retry-After means "come back later" rather than being incidental. */
export const honoursRetryAfter = (status: number | null): boolean => status === 429 || status === 503;

/**
 * Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`; null when
 * absent or unreadable. A date in the past means "now" (0); anything over 24 h is capped.
 */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | null {
  const value = header?.trim();
  if (!value) return null;
  let ms: number;
  if (/^\d+$/.test(value)) {
    ms = Number(value) * 1000;
  } else {
    // All three HTTP-date forms start with a day name; Date.parse alone would read "-5" or "1.5" as dates.
    const at = /^[A-Za-z]{3}/.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(at)) return null;
    ms = at - now.getTime();
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/**
 * The wait before the next attempt: the jittered schedule, or the receiver's Retry-After when that
 * is longer. Never sooner than the receiver asked, and never sooner than the schedule, so a
 * receiver answering `Retry-After: 0` cannot make us burn every attempt in a second.
 */
export function retryDelayMs(input: {
  scheduleMs: readonly number[];
  retry: number;
  retryAfterMs: number | null;
  random?: () => number;
}): number {
  const scheduled = scheduledDelayMs(input.scheduleMs, input.retry, input.random);
  return input.retryAfterMs === null ? scheduled : Math.max(scheduled, input.retryAfterMs);
}
