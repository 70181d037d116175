import { Logger } from '@nestjs/common';
import { runMigrations } from '@portcullis/database';
import { OwnDatabase, testEnv } from '@portcullis/testing';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { loadGatewayConfig } from '../src/config/gateway.config';
import { gatewayDataSourceOptions } from '../src/data-source';
import { UsageDailyRollups1766400000000 } from '../src/migrations/1766400000000-usage-daily-rollups';
import { HISTOGRAM_COLUMNS } from '../src/usage/latency-buckets';
import { splitRange } from '../src/usage/usage-range';
import { RollupAccumulator, UsageDimension } from '../src/usage/usage-rollup';
import { UsageRollupRepository } from '../src/usage/usage-rollup.repository';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-09-01T00:00:00Z');
const SPAN_DAYS = 40;
const FIGURES = ['count', 'errors', ...HISTOGRAM_COLUMNS];

/** A seeded generator (mulberry32), so a failing run can be replayed with USAGE_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The answer before daily rollups existed: every hour summed from the hourly table. */
const HOURLY_ONLY = `
  SELECT key, ${FIGURES.map((c) => `sum(${c})::text AS ${c}`).join(', ')} FROM gateway.api_usage_rollups
  WHERE api_id = $1 AND dimension = $2 AND bucket >= date_trunc('hour', $3::timestamptz) AND bucket < $4
  GROUP BY key ORDER BY sum(count) DESC, key LIMIT 1000`;

/** Daily rows the hourly ones imply, minus those the daily table holds (and the reverse): empty when they agree. */
const DAILY_MISMATCH = `
  WITH implied AS (
    SELECT api_id, dimension, date_trunc('day', bucket AT TIME ZONE 'UTC')::date AS day, key,
           ${FIGURES.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
    FROM gateway.api_usage_rollups GROUP BY 1, 2, 3, 4),
  stored AS (SELECT api_id, dimension, day, key, ${FIGURES.join(', ')} FROM gateway.api_usage_daily)
  (SELECT 'missing' AS side, * FROM implied EXCEPT ALL SELECT 'missing', * FROM stored)
  UNION ALL
  (SELECT 'extra', * FROM stored EXCEPT ALL SELECT 'extra', * FROM implied)`;

/**
 * Usage rollups on real PostgreSQL: random traffic over 40 days written by the batch writer (two
 * batches at a time, as the worker does), then the split query (whole days daily, edges hourly)
 * must give exactly the hourly-only answer for every grouping and any range.
 */
describe('usage rollups: daily and hourly give the same answers', () => {
  const seed = Number(process.env.USAGE_SEED ?? Math.floor(Math.random() * 2 ** 32));
  const rand = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];
  const database = new OwnDatabase(testEnv('usage-rollups').DATABASE_URL, 'usage_rollups');
  const apis = [randomUUID(), randomUUID()];
  let dataSource: DataSource;
  let repository: UsageRollupRepository;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    await database.create();
    const options = gatewayDataSourceOptions(loadGatewayConfig({ DATABASE_URL: database.url }));
    await runMigrations(options);
    dataSource = new DataSource(options);
    await dataSource.initialize();
    repository = new UsageRollupRepository(dataSource);
    await writeTraffic(20_000, 400);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database.drop();
  });

  /** Samples at random instants (ms precision) over the span, flushed in batches of `perBatch`, two merges in flight. */
  async function writeTraffic(samples: number, perBatch: number): Promise<void> {
    const statuses = [200, 200, 200, 201, 404, 500, 502, 503];
    let inFlight: Promise<unknown>[] = [];
    for (let sent = 0; sent < samples; sent += perBatch) {
      const batch = new RollupAccumulator();
      for (let i = 0; i < perBatch; i++) {
        batch.add({
          apiId: pick(apis),
          at: START + Math.floor(rand() * SPAN_DAYS * DAY),
          route: `GET /r${Math.floor(rand() * 8)}`,
          caller: `user:${Math.floor(rand() * rand() * 60)}`,
          status: pick(statuses),
          latencyMs: -40 * Math.log(1 - rand()),
        });
      }
      inFlight.push(repository.merge(batch.drain()));
      if (inFlight.length === 2) {
        await Promise.all(inFlight);
        inFlight = [];
      }
    }
    await Promise.all(inFlight);
  }

  async function expectSameAnswers(from: Date, to: Date): Promise<number> {
    let rows = 0;
    for (const api of apis) {
      for (const dimension of ['r', 'c', 's'] as UsageDimension[]) {
        const hourlyOnly = await dataSource.query(HOURLY_ONLY, [api, dimension, from, to]);
        const split = await repository.groups(api, dimension, from, to);
        expect({ from, to, dimension, rows: split }).toEqual({ from, to, dimension, rows: hourlyOnly });
        rows += hourlyOnly.length;
      }
    }
    return rows;
  }

  it(`writes every increment to both tables: the daily rows are the sums of the hourly ones (seed ${seed})`, async () => {
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM gateway.api_usage_daily`);
    expect(n).toBeGreaterThan(0);
    expect(await dataSource.query(DAILY_MISMATCH)).toEqual([]);
  });

  it('answers ranges within a day, day-aligned, across midnight and with ragged edges exactly as the hourly rollups', async () => {
    const iso = (ms: number) => new Date(ms);
    const day = (n: number) => START + n * DAY;
    const ranges: Array<[Date, Date]> = [
      [iso(day(5) + 3 * HOUR + 17_000), iso(day(5) + 11 * HOUR + 1)], // within one day
      [iso(day(0)), iso(day(1))], // one whole day
      [iso(day(3)), iso(day(33))], // 30 whole days
      [iso(day(-2)), iso(day(SPAN_DAYS + 2))], // everything, and empty days around it
      [iso(day(9) + 20 * HOUR), iso(day(10) + 4 * HOUR)], // across midnight, no whole day
      [iso(day(9) + 20 * HOUR + 59 * 60_000), iso(day(12) + 23 * HOUR + 1)], // ragged edges, last hour started
      [iso(day(14) + 23 * HOUR), iso(day(15) + HOUR)], // one hour either side of midnight
      [iso(day(SPAN_DAYS + 1)), iso(day(SPAN_DAYS + 3))], // no data
    ];
    for (let i = 0; i < 24; i++) {
      const from = START - DAY + Math.floor(rand() * (SPAN_DAYS + 1) * DAY);
      const length = pick([HOUR, DAY, 3 * DAY, 40 * DAY]) * rand();
      ranges.push([iso(from), iso(from + Math.max(1, Math.floor(length)))]);
    }
    for (let i = 0; i < 6; i++) {
      const first = Math.floor(rand() * SPAN_DAYS);
      ranges.push([iso(day(first)), iso(day(first + 1 + Math.floor(rand() * (SPAN_DAYS - first))))]);
    }

    let rows = 0;
    for (const [from, to] of ranges) rows += await expectSameAnswers(from, to);
    // The comparison means something only if ranges had data and whole days were read from the daily table.
    expect(rows).toBeGreaterThan(1000);
    expect(ranges.filter(([from, to]) => splitRange(from, to).days !== null).length).toBeGreaterThan(10);
    expect(ranges.filter(([from, to]) => splitRange(from, to).hours.length > 0).length).toBeGreaterThan(10);
  });

  it('merges a batch once: the same batch again (a job redelivered after its commit) adds nothing', async () => {
    const api = randomUUID();
    const batch = new RollupAccumulator();
    for (let i = 0; i < 5; i++)
      batch.add({ apiId: api, at: START + i * HOUR, route: 'GET /x', caller: 'user:1', status: 200, latencyMs: 3 });
    const rows = batch.drain();
    const total = async () =>
      (await repository.groups(api, 'r', new Date(START), new Date(START + DAY))).map((g) => g.count);
    const batchId = randomUUID();
    await expect(Promise.all([repository.merge(rows, batchId), repository.merge(rows, batchId)])).resolves.toEqual(
      expect.arrayContaining([true, false]),
    );
    expect(await repository.merge(rows, batchId)).toBe(false);
    expect(await total()).toEqual(['5']);
    // Another batch with the same rows counts; and once its id is forgotten, a batch merges again.
    expect(await repository.merge(rows, randomUUID())).toBe(true);
    expect(await total()).toEqual(['10']);
    await repository.forgetBatches(new Date(Date.now() + 60_000));
    expect(await repository.merge(rows, batchId)).toBe(true);
    expect(await total()).toEqual(['15']);
  });

  // Last: it rebuilds the daily table, which would hide a writer's mistake from the comparisons above.
  it('backfills the same daily rows from the hourly ones when migrated onto existing usage', async () => {
    const snapshot = `SELECT * FROM gateway.api_usage_daily ORDER BY api_id, dimension, day, key`;
    const before = await dataSource.query(snapshot);
    const runner = dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const migration = new UsageDailyRollups1766400000000();
      await migration.down(runner);
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect(await dataSource.query(snapshot)).toEqual(before);
  });
});
