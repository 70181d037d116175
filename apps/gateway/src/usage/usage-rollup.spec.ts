import { bucketIndexOf } from './latency-buckets';
import { RollupAccumulator } from './usage-rollup';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const sample = (when: string, status = 200, latencyMs = 3) => ({
  apiId: 'api-1',
  at: at(when),
  route: 'GET /items',
  caller: 'user:u1',
  status,
  latencyMs,
});

describe('RollupAccumulator', () => {
  it('counts each sample once per dimension, in the hour it arrived', () => {
    const rollup = new RollupAccumulator();
    rollup.add(sample('2026-11-28T10:00:00.000Z'));
    rollup.add(sample('2026-11-28T10:59:59.999Z', 502, 40));
    rollup.add(sample('2026-11-28T11:00:00.000Z'));
    // Rows, not samples: 10:00 by route, caller, 200 and 502; 11:00 by route, caller and 200.
    expect(rollup.size).toBe(7);
    const rows = rollup.drain();
    const byRoute = rows.filter((r) => r.dimension === 'r');
    expect(byRoute.map((r) => [r.bucket, r.count, r.errors])).toEqual([
      ['2026-11-28T10:00:00.000Z', 2, 1],
      ['2026-11-28T11:00:00.000Z', 1, 0],
    ]);
    expect(rows.filter((r) => r.dimension === 's').map((r) => [r.bucket, r.key, r.count])).toEqual([
      ['2026-11-28T10:00:00.000Z', '200', 1],
      ['2026-11-28T10:00:00.000Z', '502', 1],
      ['2026-11-28T11:00:00.000Z', '200', 1],
    ]);
    const tenOClock = byRoute[0].histogram;
    expect(tenOClock[bucketIndexOf(3)]).toBe(1);
    expect(tenOClock[bucketIndexOf(40)]).toBe(1);
    expect(tenOClock.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('names an hour it returns to after another correctly (samples may arrive out of order)', () => {
    const rollup = new RollupAccumulator();
    const ten = at('2026-11-28T10:30:00.000Z');
    for (const when of [ten, ten + HOUR, ten]) rollup.add({ ...sample('2026-11-28T10:30:00.000Z'), at: when });
    const buckets = rollup.drain().filter((r) => r.dimension === 'c');
    expect(buckets.map((r) => [r.bucket, r.count])).toEqual([
      ['2026-11-28T10:00:00.000Z', 2],
      ['2026-11-28T11:00:00.000Z', 1],
    ]);
    expect(rollup.size).toBe(0);
  });
});
