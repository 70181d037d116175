import { Clock } from '../../src/common/clock';

/**
 * A clock tests move by hand. It starts at the real now, because receivers' signature checks
 * (standardwebhooks allows 5 minutes of skew) compare against real time.
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
}
