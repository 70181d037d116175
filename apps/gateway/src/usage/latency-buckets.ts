/**
 * Upper bounds (ms) of the latency histogram each usage rollup row keeps, one column each (h0…h24;
 * the last is open-ended). Percentiles are read from the summed histogram and interpolated within
 * a bucket: exact counts and error rates, latencies within a bucket's width. Changing this list
 * is a migration (the columns are positional).
 */
export const LATENCY_BUCKETS_MS = [
  1,
  2,
  3,
  5,
  7,
  10,
  15,
  20,
  30,
  50,
  75,
  100,
  150,
  200,
  300,
  500,
  750,
  1000,
  1500,
  2000,
  3000,
  5000,
  10_000,
  30_000,
  Infinity,
];

export const HISTOGRAM_COLUMNS = LATENCY_BUCKETS_MS.map((_, i) => `h${i}`);

export function bucketIndexOf(latencyMs: number): number {
  const i = LATENCY_BUCKETS_MS.findIndex((bound) => latencyMs <= bound);
  return i === -1 ? LATENCY_BUCKETS_MS.length - 1 : i;
}
