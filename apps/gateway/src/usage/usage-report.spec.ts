import { bucketIndexOf, LATENCY_BUCKETS_MS } from './latency-buckets';
import { figuresOf, percentile } from './usage-report';
import { RollupAccumulator } from './usage-rollup';

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
    expect(acc.size).toBe(4);
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
});
