import { Clock } from '@portcullis/common';

/**
 * A clock tests move by hand. It starts at the real now unless told otherwise, because some checks
 * outside the code under test (a webhook receiver's 5-minute signature window) compare against
 * real time.
 */
export class FakeClock extends Clock {
  constructor(private current = new Date()) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }

  /** Moves on by `ms` at once: code that waits on the clock does not wait in a test. */
  sleep(ms: number): Promise<void> {
    this.advance(ms);
    return Promise.resolve();
  }
}
