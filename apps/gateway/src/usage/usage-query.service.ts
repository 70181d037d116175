import { Injectable } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { UsageQuery } from '../apis/dto/api.dto';
import { HISTOGRAM_COLUMNS, LATENCY_BUCKETS_MS } from './latency-buckets';
import { figuresOf, UsageReport } from './usage-report';
import { DIMENSION_OF } from './usage-rollup';
import { UsageRollupRepository } from './usage-rollup.repository';

const DAY_MS = 86_400_000;
/**
 * Years with four digits: beyond them an ISO date grows a sign and six-digit year that the rollup
 * query's day arithmetic (and PostgreSQL's date input) does not take, which would be a 500.
 */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

function dateParam(field: 'from' | 'to', value: string | undefined, fallback: Date): Date {
  if (value === undefined) return fallback;
  const date = new Date(value);
  const at = date.getTime();
  if (Number.isNaN(at) || at < EARLIEST || at > LATEST) {
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'The request is invalid', {
      errors: [{ field, messages: [`${field} must be an ISO 8601 date-time between 1970 and 9999`] }],
    });
  }
  return date;
}

/** GET /apis/:id/usage from the rollups (daily for whole UTC days, hourly at the edges): `from` is taken down to its hour, `to` includes any hour started before it. */
@Injectable()
export class UsageQueryService {
  constructor(private readonly rollups: UsageRollupRepository) {}

  async report(apiId: string, query: UsageQuery): Promise<UsageReport> {
    const to = dateParam('to', query.to, new Date());
    const from = dateParam('from', query.from, new Date(to.getTime() - DAY_MS));
    if (from >= to)
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'The request is invalid', {
        errors: [{ field: 'from', messages: ['from must be before to'] }],
      });
    // Totals come from the status grouping: every sample is in exactly one status row.
    const byStatus = await this.rollups.groups(apiId, 's', from, to);
    const rows =
      query.groupBy && query.groupBy !== 'status'
        ? await this.rollups.groups(apiId, DIMENSION_OF[query.groupBy], from, to)
        : byStatus;
    const histogramOf = (row: Record<string, string>) => HISTOGRAM_COLUMNS.map((c) => Number(row[c]));
    const total = new Array<number>(LATENCY_BUCKETS_MS.length).fill(0);
    let count = 0;
    let errors = 0;
    for (const row of byStatus) {
      histogramOf(row).forEach((n, i) => (total[i] += n));
      count += Number(row.count);
      errors += Number(row.errors);
    }
    return {
      apiId,
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy: query.groupBy ?? null,
      total: figuresOf(count, errors, total),
      groups: query.groupBy
        ? rows.map((row) => ({ key: row.key, ...figuresOf(Number(row.count), Number(row.errors), histogramOf(row)) }))
        : [],
    };
  }
}
