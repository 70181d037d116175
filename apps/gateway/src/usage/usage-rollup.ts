import { bucketIndexOf, LATENCY_BUCKETS_MS } from './latency-buckets';
import { UsageSample } from './usage-recorder';

/** r: by route, c: by caller, s: by status. Each sample counts once in each. */
export type UsageDimension = 'r' | 'c' | 's';
export const DIMENSION_OF = { route: 'r', caller: 'c', status: 's' } as const;

/** One row of gateway.api_usage_rollups (or of gateway.api_usage_daily), or an increment to it. */
export interface RollupRow {
  apiId: string;
  dimension: UsageDimension;
  /** The hour, ISO 8601 (for a daily row: the UTC day, YYYY-MM-DD). */
  bucket: string;
  key: string;
  count: number;
  errors: number;
  histogram: number[];
}

/** The job that carries one replica's rollup increments of one flush interval. */
export interface UsageBatchJobData {
  /** Unique per batch: what makes merging it twice (a redelivered job) add nothing. Absent on jobs queued before it existed. */
  batchId?: string;
  rows: RollupRow[];
}

/** Rollups are hourly: a month of an API with 500 callers is ~360,000 caller rows, however busy it is. */
export const BUCKET_MS = 3_600_000;

/** Answers with a status of 500 or more (the gateway's own 502/503/504 included) count as errors. */
export const isError = (status: number) => status >= 500;

/**
 * Folds samples into hourly rollup increments in memory, so a flush ships one row per API,
 * hour and key, however many requests there were.
 */
export class RollupAccumulator {
  private rows = new Map<string, RollupRow>();
  /** The last hour seen and its ISO name: every proxied request is added, and an hour has millions. */
  private hour = { start: NaN, name: '' };

  add(sample: UsageSample): void {
    const bucket = this.bucketOf(sample.at);
    const slot = bucketIndexOf(sample.latencyMs);
    const error = isError(sample.status) ? 1 : 0;
    for (const [dimension, key] of [
      ['r', sample.route],
      ['c', sample.caller],
      ['s', String(sample.status)],
    ] as const) {
      const id = `${sample.apiId}|${dimension}|${bucket}|${key}`;
      let row = this.rows.get(id);
      if (!row) {
        row = {
          apiId: sample.apiId,
          dimension,
          bucket,
          key,
          count: 0,
          errors: 0,
          histogram: new Array<number>(LATENCY_BUCKETS_MS.length).fill(0),
        };
        this.rows.set(id, row);
      }
      row.count++;
      row.errors += error;
      row.histogram[slot]++;
    }
  }

  private bucketOf(at: number): string {
    const start = Math.floor(at / BUCKET_MS) * BUCKET_MS;
    if (start !== this.hour.start) this.hour = { start, name: new Date(start).toISOString() };
    return this.hour.name;
  }

  /** Rows held, not samples: a flush carries a row per key however many requests it folded. */
  get size(): number {
    return this.rows.size;
  }

  /** Rows drained but not shipped, folded back in (counts added to any gathered since). */
  restore(rows: readonly RollupRow[]): void {
    for (const row of rows) {
      const id = `${row.apiId}|${row.dimension}|${row.bucket}|${row.key}`;
      const held = this.rows.get(id);
      if (!held) {
        this.rows.set(id, { ...row, histogram: [...row.histogram] });
        continue;
      }
      held.count += row.count;
      held.errors += row.errors;
      row.histogram.forEach((n, i) => (held.histogram[i] += n));
    }
  }

  /** Everything gathered so far, and a fresh start. */
  drain(): RollupRow[] {
    const rows = [...this.rows.values()];
    this.rows = new Map();
    return rows;
  }
}

/**
 * The daily increments of a batch of hourly ones: merged per API, grouping, UTC day and key, so
 * each daily row is written once per batch (an INSERT … ON CONFLICT may not touch a row twice).
 */
export function dailyRowsOf(hourly: RollupRow[]): RollupRow[] {
  const days = new Map<string, RollupRow>();
  for (const row of hourly) {
    const bucket = new Date(row.bucket).toISOString().slice(0, 10);
    const id = `${row.apiId}|${row.dimension}|${bucket}|${row.key}`;
    const day = days.get(id);
    if (!day) {
      days.set(id, { ...row, bucket, histogram: [...row.histogram] });
      continue;
    }
    day.count += row.count;
    day.errors += row.errors;
    row.histogram.forEach((n, i) => (day.histogram[i] += n));
  }
  return [...days.values()];
}
