import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HISTOGRAM_COLUMNS } from './latency-buckets';
import { RollupRow, UsageDimension } from './usage-rollup';

const COLUMNS = ['api_id', 'dimension', 'bucket', 'key', 'count', 'errors', ...HISTOGRAM_COLUMNS];
/** 31 parameters a row: well under PostgreSQL's 65,535 per statement. */
const ROWS_PER_STATEMENT = 1000;
const MERGE = ['count', 'errors', ...HISTOGRAM_COLUMNS].map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ');

export interface UsageGroupRow {
  key: string;
  count: string;
  errors: string;
  [histogramColumn: string]: string;
}

/** gateway.api_usage_rollups: increments merged in (ON CONFLICT adds), groups summed out. */
@Injectable()
export class UsageRollupRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One transaction per batch, so a retried job never half-applies. Rows are unique per batch (the accumulator merged them). */
  async merge(rows: RollupRow[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
        const params: unknown[] = [];
        const tuples = chunk.map((r) => {
          const values = [r.apiId, r.dimension, r.bucket, r.key, r.count, r.errors, ...r.histogram];
          const first = params.length;
          params.push(...values);
          return `(${values.map((_, j) => `$${first + j + 1}`).join(', ')})`;
        });
        await tx.query(
          `INSERT INTO gateway.api_usage_rollups AS t (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
           ON CONFLICT (api_id, dimension, bucket, key) DO UPDATE SET ${MERGE}`,
          params,
        );
      }
    });
  }

  /** Per key of one grouping, over the hours from `from`'s to before `to`: counts, errors and the summed histogram. */
  groups(apiId: string, dimension: UsageDimension, from: Date, to: Date): Promise<UsageGroupRow[]> {
    const sums = ['count', 'errors', ...HISTOGRAM_COLUMNS].map((c) => `sum(${c})::text AS ${c}`).join(', ');
    return this.db.query(
      `SELECT key, ${sums} FROM gateway.api_usage_rollups
       WHERE api_id = $1 AND dimension = $2 AND bucket >= date_trunc('hour', $3::timestamptz) AND bucket < $4
       GROUP BY key ORDER BY sum(count) DESC, key LIMIT 1000`,
      [apiId, dimension, from, to],
    );
  }
}
