import {
  honoursRetryAfter,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  retryDelayMs,
  scheduledDelayMs,
} from './retry-schedule';

const SCHEDULE = [5_000, 300_000, 1_800_000];
const NOW = new Date('2026-03-01T10:00:00.000Z');

describe('scheduledDelayMs', () => {
  it('follows the schedule step by step, with no jitter at the midpoint', () => {
    expect(SCHEDULE.map((_, retry) => scheduledDelayMs(SCHEDULE, retry, () => 0.5))).toEqual(SCHEDULE);
  });

  it('stays within ±20 % of each step, reaching both ends', () => {
    expect(scheduledDelayMs(SCHEDULE, 1, () => 0)).toBe(240_000);
    expect(scheduledDelayMs(SCHEDULE, 1, () => 0.999999)).toBe(360_000);
    for (let i = 0; i < 500; i++) {
      const delay = scheduledDelayMs(SCHEDULE, 0);
      expect(delay).toBeGreaterThanOrEqual(4_000);
      expect(delay).toBeLessThanOrEqual(6_000);
    }
  });

  it('actually spreads delays out (not every retry at the same moment)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => scheduledDelayMs(SCHEDULE, 2)));
    expect(delays.size).toBeGreaterThan(10);
  });

  it('keeps the last step beyond the end of the schedule', () => {
    expect(scheduledDelayMs(SCHEDULE, 9, () => 0.5)).toBe(1_800_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP date, relative to now; a past date means now', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', NOW)).toBe(0);
  });

  it('caps at 24 hours, as seconds or as a date', () => {
    expect(parseRetryAfter('999999', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Fri, 01 Jan 2027 00:00:00 GMT', NOW)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('ignores absent and unreadable values', () => {
    for (const value of [undefined, null, '', 'soon', '-5', '1.5']) expect(parseRetryAfter(value, NOW)).toBeNull();
  });
});

describe('retryDelayMs', () => {
  const mid = () => 0.5;

  it('waits as long as the receiver asks when that is longer than the schedule', () => {
    expect(retryDelayMs({ scheduleMs: SCHEDULE, retry: 0, retryAfterMs: 60_000, random: mid })).toBe(60_000);
  });

  it('never retries sooner than the schedule, whatever Retry-After says', () => {
    expect(retryDelayMs({ scheduleMs: SCHEDULE, retry: 1, retryAfterMs: 0, random: mid })).toBe(300_000);
  });

  it('uses the jittered schedule without a Retry-After', () => {
    expect(retryDelayMs({ scheduleMs: SCHEDULE, retry: 2, retryAfterMs: null, random: () => 0 })).toBe(1_440_000);
  });

  it('honours Retry-After only on 429 and 503', () => {
    expect([429, 503].every(honoursRetryAfter)).toBe(true);
    expect([200, 301, 500, 502, 410, null].some(honoursRetryAfter)).toBe(false);
  });
});
