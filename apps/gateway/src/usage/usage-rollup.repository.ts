import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { HISTOGRAM_COLUMNS } from './latency-buckets';
import { splitRange } from './usage-range';
import { dailyRowsOf, RollupRow, UsageDimension } from './usage-rollup';

const FIGURES = ['count', 'errors', ...HISTOGRAM_COLUMNS];
/** 31 parameters a row: well under PostgreSQL's 65,535 per statement. */
const ROWS_PER_STATEMENT = 1000;
const MERGE = FIGURES.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ');
const SUMS = FIGURES.map((c) => `sum(${c})::text AS ${c}`).join(', ');

/** The two granularities: the same columns, bucketed by the hour or by the UTC day. */
const HOURLY = { table: 'gateway.api_usage_rollups', bucket: 'bucket' };
const DAILY = { table: 'gateway.api_usage_daily', bucket: 'day' };
type Granularity = typeof HOURLY;
const BATCHES = 'gateway.api_usage_batches';

export interface UsageGroupRow {
  key: string;
  count: string;
  errors: string;
  [histogramColumn: string]: string;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/**
 * One fixed order of conflict keys (code units, not a locale's), so two batches merged at once take
 * the locks of the rows they share in the same order and cannot deadlock: every batch of a day
 * shares its daily rows.
 */
const byConflictKey = (a: RollupRow, b: RollupRow) =>
  compare(a.apiId, b.apiId) ||
  compare(a.dimension, b.dimension) ||
  compare(a.bucket, b.bucket) ||
  compare(a.key, b.key);

/**
 * gateway.api_usage_rollups (hourly) and gateway.api_usage_daily: increments merged into both
 * (ON CONFLICT adds), groups summed out of whole days from the daily table and the edges by the hour.
 */
@Injectable()
export class UsageRollupRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One transaction per batch, so a retried job never half-applies and the two tables always hold
   * the same sums. The batch's id is claimed in the same transaction: a batch merged before (a job
   * redelivered after its commit) adds nothing and answers false. Hourly rows are unique per batch
   * (the accumulator merged them); daily rows are merged here.
   */
  async merge(rows: RollupRow[], batchId?: string): Promise<boolean> {
    const hourly = [...rows].sort(byConflictKey);
    const daily = dailyRowsOf(rows).sort(byConflictKey);
    return this.db.transaction(async (tx) => {
      if (batchId) {
        const claimed: unknown[] = await tx.query(
          `INSERT INTO ${BATCHES} (id) VALUES ($1) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [batchId],
        );
        if (claimed.length === 0) return false;
      }
      await this.upsert(tx, HOURLY, hourly);
      await this.upsert(tx, DAILY, daily);
      return true;
    });
  }

  /** Forgets batch ids merged before `before`: no retry of theirs can still arrive. */
  async forgetBatches(before: Date): Promise<void> {
    await this.db.query(`DELETE FROM ${BATCHES} WHERE applied_at < $1`, [before]);
  }

  /**
   * Per key of one grouping, over the hours from `from`'s to before `to`: counts, errors and the
   * summed histogram. Whole UTC days in the range are read from the daily rollups (one row per key
   * and day instead of 24), the partial days at either end from the hourly ones, in one statement.
   */
  groups(apiId: string, dimension: UsageDimension, from: Date, to: Date): Promise<UsageGroupRow[]> {
    const { hours, days } = splitRange(from, to);
    const params: unknown[] = [apiId, dimension];
    const part = (g: Granularity, start: unknown, end: unknown) => {
      params.push(start, end);
      const cast = g === DAILY ? '::date' : '::timestamptz';
      return `SELECT key, ${FIGURES.join(', ')} FROM ${g.table}
              WHERE api_id = $1 AND dimension = $2 AND ${g.bucket} >= $${params.length - 1}${cast} AND ${g.bucket} < $${params.length}${cast}`;
    };
    const parts = hours.map((h) => part(HOURLY, h.from, h.to));
    if (days) parts.push(part(DAILY, days.from, days.to));
    if (parts.length === 0) return Promise.resolve([]);
    return this.db.query(
      `SELECT key, ${SUMS} FROM (${parts.join('\n UNION ALL ')}) AS rollups
       GROUP BY key ORDER BY sum(count) DESC, key LIMIT 1000`,
      params,
    );
  }

  private async upsert(tx: EntityManager, g: Granularity, rows: RollupRow[]): Promise<void> {
    const columns = ['api_id', 'dimension', g.bucket, 'key', ...FIGURES];
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const params: unknown[] = [];
      const tuples = rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => {
        const values = [r.apiId, r.dimension, r.bucket, r.key, r.count, r.errors, ...r.histogram];
        const first = params.length;
        params.push(...values);
        return `(${values.map((_, j) => `$${first + j + 1}`).join(', ')})`;
      });
      await tx.query(
        `INSERT INTO ${g.table} AS t (${columns.join(', ')}) VALUES ${tuples.join(', ')}
         ON CONFLICT (api_id, dimension, ${g.bucket}, key) DO UPDATE SET ${MERGE}`,
        params,
      );
    }
  }
}
