import { z } from 'zod';

/**
 * WEBHOOK_RETRY_SCHEDULE: comma-separated delays in seconds (fractions allowed, so tests can run a
 * whole schedule in under a second), parsed to milliseconds. At least one retry: DESIGN §3 asks for
 * five attempts or more by default, and a schedule of none would make every hiccup a dead letter.
 */
export const retrySchedule = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map(Number),
    )
    .refine((delays) => delays.length > 0 && delays.every((d) => Number.isFinite(d) && d >= 0 && d <= 86_400), {
      message: 'must be comma-separated seconds, each between 0 and 86400',
    })
    .transform((delays) => delays.map((d) => Math.round(d * 1000)));
