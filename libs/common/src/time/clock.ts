/**
 * Time as a dependency, so grace windows, expiries and retry schedules can be tested without
 * waiting (libs/testing has the FakeClock). Every app injects this one; none defines its own.
 */
export abstract class Clock {
  abstract now(): Date;
  /** Resolves once `ms` have passed on this clock (a fake clock moves on instead of waiting). */
  abstract sleep(ms: number): Promise<void>;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}

export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
