import { EventEmitter } from 'events';
import { leanBreaker } from './lean-breaker';

describe('leanBreaker', () => {
  afterEach(() => jest.useRealTimers());

  it('keeps no latency percentiles and emits no snapshots, and still opens on errors', async () => {
    jest.useFakeTimers();
    let fail = false;
    const breaker = leanBreaker(() => (fail ? Promise.reject(new Error('down')) : Promise.resolve('ok')), {
      timeout: false,
      rollingCountTimeout: 1000,
      rollingCountBuckets: 10,
      volumeThreshold: 2,
      errorThresholdPercentage: 50,
    });
    const snapshots = jest.fn();
    // Opossum emits it, but its typings do not list it.
    (breaker as unknown as EventEmitter).on('snapshot', snapshots);
    for (let i = 0; i < 5; i++) await breaker.fire();
    jest.advanceTimersByTime(500);

    expect(snapshots).not.toHaveBeenCalled();
    // Opossum's marker for "percentiles off": no sort of every call's latency per bucket.
    expect(breaker.stats.latencyMean).toBe(-1);
    expect(breaker.stats.successes).toBe(5);

    fail = true;
    for (let i = 0; i < 6; i++) await breaker.fire().catch(() => undefined);
    expect(breaker.opened).toBe(true);
    breaker.shutdown();
  });
});
