import { LATENCY_BUCKETS_MS } from './latency-buckets';

export interface UsageFigures {
  count: number;
  errors: number;
  /** errors / count, 0 when there were no requests. */
  errorRate: number;
  /** Latency percentiles in ms, from the histogram (within a bucket's width); null without requests. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface UsageReport {
  apiId: string;
  from: string;
  to: string;
  groupBy: 'route' | 'caller' | 'status' | null;
  total: UsageFigures;
  groups: Array<UsageFigures & { key: string }>;
}

/** The latency below which `q` of the requests fall, interpolated inside its bucket. */
export function percentile(histogram: number[], q: number): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    if (histogram[i] === 0) continue;
    const lower = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1];
    const upper = LATENCY_BUCKETS_MS[i];
    if (seen + histogram[i] >= rank) {
      if (!Number.isFinite(upper)) return lower;
      return Math.round((lower + ((rank - seen) / histogram[i]) * (upper - lower)) * 100) / 100;
    }
    seen += histogram[i];
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 2];
}

export function figuresOf(count: number, errors: number, histogram: number[]): UsageFigures {
  return {
    count,
    errors,
    errorRate: count ? Math.round((errors / count) * 10_000) / 10_000 : 0,
    p50: percentile(histogram, 0.5),
    p95: percentile(histogram, 0.95),
    p99: percentile(histogram, 0.99),
  };
}
