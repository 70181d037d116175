/**
 * Time as a dependency, so grace windows, expiries and retry schedules can be tested without
 * waiting (libs/testing has the FakeClock). Every app injects this one; none defines its own.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
