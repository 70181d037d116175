import { scheduledDelayMs } from './retry-schedule';

/**
 * Thrown by the processor to have BullMQ retry the job after `delayMs`. The delay is decided with
 * the attempt (schedule, jitter, Retry-After) and stored as the delivery's next_attempt_at, so the
 * backoff strategy only hands it over and the two can never disagree.
 */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/** The worker's `settings.backoffStrategy`; BullMQ passes attemptsMade counting this failure (1-based). */
export function backoffStrategy(scheduleMs: readonly number[]) {
  return (attemptsMade: number, _type?: string, err?: Error): number => {
    if (err instanceof RetryLaterError) return err.delayMs;
    // Anything else failed before the attempt had an outcome (database or Redis trouble): follow the schedule.
    return scheduledDelayMs(scheduleMs, attemptsMade - 1);
  };
}
