import { bucketIndexOf, LATENCY_BUCKETS_MS } from './latency-buckets';
import { figuresOf, percentile } from './usage-report';
import { dailyRowsOf, RollupAccumulator } from './usage-rollup';

const histogramOf = (latencies: number[]) => {
  const h = new Array<number>(LATENCY_BUCKETS_MS.length).fill(0);
  for (const l of latencies) h[bucketIndexOf(l)]++;
  return h;
};

describe('usage figures', () => {
  it('reads percentiles from the histogram within a bucket of the true value', () => {
    const latencies = Array.from({ length: 1000 }, (_, i) => 1 + (i % 100));
    const h = histogramOf(latencies);
    expect(percentile(h, 0.5)).toBeGreaterThanOrEqual(30);
    expect(percentile(h, 0.5)).toBeLessThanOrEqual(75);
    expect(percentile(h, 0.99)).toBeGreaterThanOrEqual(75);
    expect(percentile(h, 0.99)).toBeLessThanOrEqual(100);
    expect(percentile(new Array<number>(LATENCY_BUCKETS_MS.length).fill(0), 0.5)).toBeNull();
  });

  it('gives counts and the error rate exactly', () => {
    expect(figuresOf(8, 2, histogramOf([1, 2, 3, 4, 5, 6, 7, 8]))).toMatchObject({
      count: 8,
      errors: 2,
      errorRate: 0.25,
    });
    expect(figuresOf(0, 0, histogramOf([]))).toMatchObject({ count: 0, errorRate: 0, p50: null });
  });

  it('folds samples into one row per API, hour and key of each grouping', () => {
    const acc = new RollupAccumulator();
    const at = Date.parse('2026-11-28T10:00:30Z');
    for (const status of [200, 200, 502])
      acc.add({ apiId: 'a', at, route: 'GET /x', caller: 'user:u', status, latencyMs: 12 });
    acc.add({ apiId: 'a', at: at + 3_600_000, route: 'GET /x', caller: 'user:u', status: 200, latencyMs: 12 });
    expect(acc.size).toBe(7);
    const rows = acc.drain();
    expect(acc.size).toBe(0);
    const first = rows.filter((r) => r.bucket === '2026-11-28T10:00:00.000Z');
    expect(first.map((r) => [r.dimension, r.key, r.count, r.errors])).toEqual([
      ['r', 'GET /x', 3, 1],
      ['c', 'user:u', 3, 1],
      ['s', '200', 2, 0],
      ['s', '502', 1, 1],
    ]);
    expect(rows).toHaveLength(7);
  });

  it('merges a batch into one daily increment per API, UTC day and key, adding counts and histograms', () => {
    const acc = new RollupAccumulator();
    const sample = { apiId: 'a', route: 'GET /x', caller: 'user:u', status: 200 };
    acc.add({ ...sample, at: Date.parse('2026-11-27T23:59:59Z'), latencyMs: 900 });
    acc.add({ ...sample, at: Date.parse('2026-11-28T00:00:00Z'), latencyMs: 12 });
    acc.add({ ...sample, at: Date.parse('2026-11-28T13:10:00Z'), latencyMs: 12, status: 503 });
    acc.add({ ...sample, at: Date.parse('2026-11-28T23:30:00Z'), latencyMs: 40 });
    const hourly = acc.drain();
    const daily = dailyRowsOf(hourly);
    const of = (day: string, dimension: string, key: string) =>
      daily.find((r) => r.bucket === day && r.dimension === dimension && r.key === key);
    expect(daily).toHaveLength(7);
    expect(of('2026-11-27', 'r', 'GET /x')).toMatchObject({ count: 1, errors: 0, histogram: histogramOf([900]) });
    expect(of('2026-11-28', 'r', 'GET /x')).toMatchObject({
      count: 3,
      errors: 1,
      histogram: histogramOf([12, 12, 40]),
    });
    expect(of('2026-11-28', 's', '200')).toMatchObject({ count: 2, errors: 0 });
    expect(of('2026-11-28', 's', '503')).toMatchObject({ count: 1, errors: 1 });
    // The hourly increments are left as they were.
    expect(hourly.filter((r) => r.dimension === 'r').map((r) => r.count)).toEqual([1, 1, 1, 1]);
  });
});
