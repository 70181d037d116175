/** Time as a dependency, so expiries and approval windows can be tested without waiting. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
