/**
 * GET /apis/:id/usage at 10,000,000 proxied requests: a throwaway database migrated with the
 * gateway's real migrations, 10 M synthetic samples (one hot API, 30 days, 20 routes, 500 callers,
 * 6 statuses) folded into the hourly rollups in SQL as the batch writer would, and the hourly rows
 * into the daily ones as the writer (and the migration's backfill) would, then the usage query's own
 * SQL under EXPLAIN (ANALYZE, BUFFERS) and timed warm: day-aligned ranges read only the daily table,
 * ragged ones the daily table for whole days and the hourly one for the edges. Prints; not a test.
 *   npm run bench:usage            (ROWS=1000000 to resize)
 */
import { randomUUID } from 'crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadGatewayConfig } from '../apps/gateway/src/config/gateway.config';
import { gatewayDataSourceOptions } from '../apps/gateway/src/data-source';
import { HISTOGRAM_COLUMNS, LATENCY_BUCKETS_MS } from '../apps/gateway/src/usage/latency-buckets';
import { UsageQueryService } from '../apps/gateway/src/usage/usage-query.service';
import { UsageRollupRepository } from '../apps/gateway/src/usage/usage-rollup.repository';
import { HEADER, row, runLoad, summarize } from './lib/stats';
import { withMigratedDatabase } from './lib/throwaway-database';

const ROWS = Number(process.env.ROWS ?? 10_000_000);
const API = randomUUID();
const START = '2026-10-01T00:00:00Z';

/** Latency ~ exponential around 40 ms; the bucket index is found in SQL from the same bounds the app uses. */
const BOUNDS = `ARRAY[${LATENCY_BUCKETS_MS.slice(0, -1).join(',')}]::float8[]`;
const SAMPLES = `
  SELECT date_trunc('hour', timestamptz '${START}' + (i * (2592000.0 / $1)) * interval '1 second') AS bucket,
         'GET /r' || (i % 20) AS route, 'user:' || (i::bigint * 7919 % 500) AS caller,
         (ARRAY['200','200','200','201','404','502'])[1 + i % 6] AS status,
         (SELECT count(*) FROM unnest(${BOUNDS}) b WHERE b < s.latency) AS slot
  FROM (SELECT i, -40 * ln(1 - random()) AS latency FROM generate_series(1, $1) AS i) AS s`;

function fold(dimension: string, keyColumn: string): string {
  const hist = HISTOGRAM_COLUMNS.map((c, i) => `count(*) FILTER (WHERE slot = ${i})`).join(', ');
  return `INSERT INTO gateway.api_usage_rollups (api_id, dimension, bucket, key, count, errors, ${HISTOGRAM_COLUMNS.join(', ')})
          SELECT '${API}', '${dimension}', bucket, ${keyColumn}, count(*), count(*) FILTER (WHERE status >= '500'), ${hist}
          FROM bench_samples GROUP BY bucket, ${keyColumn}`;
}

/** The daily rollups are the hourly ones summed per UTC day, as the batch writer adds them. */
const FOLD_DAILY = `INSERT INTO gateway.api_usage_daily (api_id, dimension, day, key, count, errors, ${HISTOGRAM_COLUMNS.join(', ')})
  SELECT api_id, dimension, date_trunc('day', bucket AT TIME ZONE 'UTC')::date, key, sum(count), sum(errors), ${HISTOGRAM_COLUMNS.map((c) => `sum(${c})`).join(', ')}
  FROM gateway.api_usage_rollups GROUP BY 1, 2, 3, 4`;

async function main(): Promise<void> {
  await withMigratedDatabase(
    'usage',
    (url) => gatewayDataSourceOptions(loadGatewayConfig({ DATABASE_URL: url })),
    async (dataSource, pg) => {
      await fill(pg);
      await measure(dataSource, pg);
    },
  );
}

async function fill(pg: Client): Promise<void> {
  const started = performance.now();
  await pg.query(`CREATE UNLOGGED TABLE bench_samples AS ${SAMPLES}`, [ROWS]);
  for (const [dimension, column] of [
    ['r', 'route'],
    ['c', 'caller'],
    ['s', 'status'],
  ])
    await pg.query(fold(dimension, column));
  await pg.query('DROP TABLE bench_samples');
  await pg.query(FOLD_DAILY);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const sizes: string[] = [];
  for (const [label, table] of [
    ['hourly', 'gateway.api_usage_rollups'],
    ['daily', 'gateway.api_usage_daily'],
  ]) {
    await pg.query(`VACUUM ANALYZE ${table}`);
    const { rows } = await pg.query<{ n: string; heap: string; indexes: string }>(
      `SELECT count(*) AS n, pg_size_pretty(pg_table_size('${table}')) AS heap, pg_size_pretty(pg_indexes_size('${table}')) AS indexes FROM ${table}`,
    );
    sizes.push(
      `${Number(rows[0].n).toLocaleString('en')} ${label} rows (heap ${rows[0].heap}, indexes ${rows[0].indexes})`,
    );
  }
  console.log(
    `\n${ROWS.toLocaleString('en')} requests over 30 days folded into ${sizes.join(' and ')} in ${seconds} s\n`,
  );
}

/** Each case runs through the service; the SQL it sent is captured and EXPLAINed as is. */
async function measure(dataSource: DataSource, pg: Client): Promise<void> {
  const service = new UsageQueryService(new UsageRollupRepository(dataSource));
  const original = dataSource.query.bind(dataSource);
  let sent: { sql: string; params: unknown[] } = { sql: '', params: [] };
  dataSource.query = ((sql: string, params: unknown[]) => (
    (sent = { sql, params }),
    original(sql, params)
  )) as DataSource['query'];
  const month = { from: START, to: '2026-10-31T00:00:00Z' };
  const day = { from: '2026-10-15T00:00:00Z', to: '2026-10-16T00:00:00Z' };
  // Partial days at both ends: 28 whole days from the daily table, 19 + 18 hours from the hourly one.
  const ragged = { from: '2026-10-01T05:30:00Z', to: '2026-10-30T18:00:00Z' };
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['totals, one day', () => service.report(API, day)],
    ['by route, one day', () => service.report(API, { ...day, groupBy: 'route' })],
    ['by caller, one day', () => service.report(API, { ...day, groupBy: 'caller' })],
    ['totals, 30 days', () => service.report(API, month)],
    ['by route, 30 days', () => service.report(API, { ...month, groupBy: 'route' })],
    ['by status, 30 days', () => service.report(API, { ...month, groupBy: 'status' })],
    ['by caller (500), 30 days', () => service.report(API, { ...month, groupBy: 'caller' })],
    ['by caller (500), 29.5 days ragged', () => service.report(API, { ...ragged, groupBy: 'caller' })],
  ];
  const results: Array<[string, ReturnType<typeof summarize>]> = [];
  for (const [label, run] of cases) {
    const report = (await run()) as { total: { count: number; p50: number; p99: number } };
    const plan = await pg.query(`EXPLAIN (ANALYZE, BUFFERS) ${sent.sql}`, sent.params);
    console.log(
      `--- ${label}: ${report.total.count.toLocaleString('en')} requests, p50 ${report.total.p50} ms, p99 ${report.total.p99} ms\n${plan.rows.map((r: Record<string, string>) => `  ${r['QUERY PLAN']}`).join('\n')}\n`,
    );
    const load = await runLoad(run, 20, 1);
    results.push([label, summarize(load.samples, load.wallMs)]);
  }
  dataSource.query = original;
  console.log(
    `Warm timings of the whole report (20 runs each, one at a time; a grouped report is two queries)\n\n${HEADER}`,
  );
  results.forEach(([label, s]) => console.log(row(label, s)));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
