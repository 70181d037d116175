/**
 * The audit log's list queries at 1,000,000 rows: a throwaway database migrated with the security
 * app's real migrations, filled in SQL (hashes are fake; the chain is not what is measured), then
 * the repository's own SQL run under EXPLAIN (ANALYZE, BUFFERS) and timed warm. Prints; not a test.
 *   npm run bench:audit            (ROWS=100000 to resize)
 */
import { domainEvent } from '@portcullis/common';
import { Events } from '@portcullis/contracts';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { recordHash } from '../apps/security/src/audit/audit-chain';
import { RecordAuditEventUseCase } from '../apps/security/src/audit/record-audit-event.use-case';
import { PgAuditLogRepository } from '../apps/security/src/audit/pg-audit-log.repository';
import { loadSecurityConfig } from '../apps/security/src/config/security.config';
import { securityDataSourceOptions } from '../apps/security/src/data-source';
import { HEADER, row, runLoad, summarize } from './lib/stats';
import { withMigratedDatabase } from './lib/throwaway-database';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const TYPES = [
  'auth.login.succeeded',
  'auth.login.failed',
  'auth.logout',
  'auth.refresh.reused',
  'auth.password.changed',
  'user.updated',
  'user.registered',
  'auth.account.locked',
  'api_key.created',
  'webhook.test',
];

/** 20,000 actors (~45 rows each), 10 % system events without an actor, one row every 30 s for about a year. */
const FILL = `
  INSERT INTO security.audit_log (id, type, actor_id, subject_type, subject_id, ip, user_agent, request_id, data, occurred_at, prev_hash, hash)
  SELECT gen_random_uuid(), ($2::text[])[1 + i % 10], CASE WHEN i % 10 = 9 THEN NULL ELSE 'user-' || (i % 20000) END,
         'user', 'user-' || (i % 20000), '203.0.113.' || (i % 250), 'bench/1.0', 'req-' || i,
         jsonb_build_object('sessionId', md5(i::text)), timestamptz '2025-01-01' + i * interval '30 seconds' + random() * interval '5 minutes',
         repeat('0', 64), md5(i::text) || md5((i + 1)::text)
  FROM generate_series(1, $1) AS i`;

async function main(): Promise<void> {
  await withMigratedDatabase(
    'audit',
    (url) => securityDataSourceOptions(loadSecurityConfig({ DATABASE_URL: url })),
    async (dataSource, pg) => {
      await fill(pg);
      await measureQueries(dataSource, pg);
      await measureAppends(dataSource);
      measureHashing();
    },
  );
}

async function fill(pg: Client): Promise<void> {
  const started = performance.now();
  await pg.query(FILL, [ROWS, TYPES]);
  await pg.query('VACUUM ANALYZE security.audit_log');
  const { rows } = await pg.query(
    `SELECT pg_size_pretty(pg_table_size('security.audit_log')) AS heap, pg_size_pretty(pg_indexes_size('security.audit_log')) AS indexes`,
  );
  console.log(
    `\nFilled ${ROWS.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s (with indexes and trigger in place); heap ${rows[0].heap}, indexes ${rows[0].indexes}\n`,
  );
}

/** Each case runs through the repository; the SQL it sent is captured and then EXPLAINed as is. */
async function measureQueries(dataSource: DataSource, pg: Client): Promise<void> {
  const repo = new PgAuditLogRepository(dataSource);
  const original = dataSource.query.bind(dataSource);
  let sent: { sql: string; params: unknown[] } = { sql: '', params: [] };
  dataSource.query = ((sql: string, params: unknown[]) => (
    (sent = { sql, params }),
    original(sql, params)
  )) as DataSource['query'];
  const week = { from: '2025-06-01T00:00:00.000Z', to: '2025-06-08T00:00:00.000Z' };
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['list: newest first, page 1', () => repo.list({}, 0, 20)],
    ['list: newest first, offset 9,980', () => repo.list({}, 9980, 20)],
    ['list: by actorId, page 1', () => repo.list({ actorId: 'user-4242' }, 0, 20)],
    ['list: by type + 7-day range', () => repo.list({ type: 'auth.logout', ...week }, 0, 20)],
    ['count ≤ 10,000: no filter', () => repo.count({}, 10_000)],
    ['count ≤ 10,000: by actorId', () => repo.count({ actorId: 'user-4242' }, 10_000)],
    ['count ≤ 10,000: type + 7-day range', () => repo.count({ type: 'auth.logout', ...week }, 10_000)],
    ['verify: one batch of 1,000 by seq', () => repo.chainAfter(ROWS / 2, 1000)],
    // Not used by the app: what an exact total would cost instead of the capped one.
    ['(exact count(*), no filter)', () => dataSource.query('SELECT count(*) FROM security.audit_log')],
    [
      '(exact count(*), by type)',
      () => dataSource.query('SELECT count(*) FROM security.audit_log WHERE type = $1', ['auth.logout']),
    ],
  ];
  const results: Array<[string, ReturnType<typeof summarize>]> = [];
  for (const [label, run] of cases) {
    await run();
    const plan = await pg.query(`EXPLAIN (ANALYZE, BUFFERS) ${sent.sql}`, sent.params);
    console.log(
      `--- ${label}\n${sent.sql.replace(/\s+/g, ' ').trim()}\n${plan.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}\n`,
    );
    const load = await runLoad(run, 50, 1);
    results.push([label, summarize(load.samples, load.wallMs)]);
  }
  dataSource.query = original;
  console.log(`Warm timings through the repository (50 runs each, one at a time)\n\n${HEADER}`);
  results.forEach(([label, s]) => console.log(row(label, s)));
}

/** What one audit record costs to write at this size: lock, head read, sequence, insert, commit. */
async function measureAppends(dataSource: DataSource): Promise<void> {
  const record = new RecordAuditEventUseCase(new PgAuditLogRepository(dataSource));
  const event = () =>
    domainEvent(Events.logout, {
      subject: { type: 'user', id: 'user-1' },
      actor: { type: 'user', id: 'user-1' },
      data: { sessionId: 's' },
    });
  const load = await runLoad(() => record.execute(event()), 2000, 1);
  console.log(`\n${HEADER}\n${row('append one record (concurrency 1)', summarize(load.samples, load.wallMs))}`);
}

/** The CPU half of verifyAuditChain (the I/O half is the batch query above, once per 1,000 rows). */
function measureHashing(): void {
  const sample = {
    seq: 1,
    id: 'c3a1f0e2-0000-4000-8000-000000000000',
    type: 'auth.logout',
    actorId: 'user-1',
    subject: { type: 'user', id: 'user-1' },
    ip: '203.0.113.7',
    userAgent: 'bench/1.0',
    requestId: 'req-1',
    data: { sessionId: 'a'.repeat(32) },
    occurredAt: new Date().toISOString(),
    prevHash: '0'.repeat(64),
  };
  const n = 200_000;
  const started = performance.now();
  for (let i = 0; i < n; i++) recordHash({ ...sample, seq: i });
  const perRecordUs = ((performance.now() - started) * 1000) / n;
  console.log(
    `\nrecordHash: ${perRecordUs.toFixed(2)} µs per record → ~${((perRecordUs * ROWS) / 1e6).toFixed(1)} s of CPU to verify ${ROWS.toLocaleString('en')} records\n`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
