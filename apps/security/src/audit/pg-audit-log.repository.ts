import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GENESIS_HASH } from './audit-chain';
import { AppendOutcome, AuditLogRepository } from './audit-log.repository';
import { AuditEntry, AuditFilter, AuditRecord, ChainPosition } from './audit-record';

/** Held for one append: replicas (and their workers) take turns at the head of the chain. */
const CHAIN_LOCK = 'portcullis:security:audit-chain';
const COLUMNS =
  'seq, id, type, actor_id, subject_type, subject_id, ip, user_agent, request_id, data, occurred_at, prev_hash, hash';
/** recorded_at is never written by the app: its DEFAULT now() is the server's own clock. */
const READ_COLUMNS = `${COLUMNS}, recorded_at`;
/** Which of the batch's ids are recorded already, and the head's hash. */
const HEAD_SQL = `
  SELECT ARRAY(SELECT id::text FROM security.audit_log WHERE id = ANY($1::uuid[])) AS present,
         (SELECT hash FROM security.audit_log ORDER BY seq DESC LIMIT 1) AS prev_hash`;
/** One sequence number per new record, drawn only under the lock. */
const SEQ_SQL = `SELECT nextval(pg_get_serial_sequence('security.audit_log', 'seq'))::text AS seq FROM generate_series(1, $1)`;
const COLUMN_COUNT = COLUMNS.split(',').length;

interface AuditRow {
  seq: string;
  id: string;
  type: string;
  actor_id: string | null;
  subject_type: string;
  subject_id: string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  data: Record<string, unknown>;
  occurred_at: Date;
  recorded_at?: Date;
  prev_hash: string;
  hash: string;
}

/** Plain SQL: the chain needs exact control of locking and of what is read back for hashing. */
@Injectable()
export class PgAuditLogRepository extends AuditLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  /**
   * The transaction-scoped advisory lock serialises appends, so the head read here is still the
   * head at the insert and seq order is chain order. Sequence numbers are drawn only under the lock
   * and only for new ids, so seq has gaps only where a transaction died mid-append. A batch costs
   * the lock, the head, its numbers and one INSERT whatever its size, so the chain's one writer at
   * a time no longer caps how many records a second it takes.
   */
  appendAll(
    entries: AuditEntry[],
    seal: (entry: AuditEntry, position: ChainPosition) => AuditRecord,
  ): Promise<AppendOutcome[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [CHAIN_LOCK]);
      // A statement of its own, after the lock: its snapshot then includes the previous append.
      const [head] = await manager.query<Array<{ present: string[]; prev_hash: string | null }>>(HEAD_SQL, [
        entries.map((e) => e.id),
      ]);
      // Recorded already, or earlier in this batch: a duplicate either way.
      const seen = new Set(head.present);
      const outcomes: AppendOutcome[] = [];
      const fresh: AuditEntry[] = [];
      for (const entry of entries) {
        if (seen.has(entry.id)) {
          outcomes.push('duplicate');
          continue;
        }
        seen.add(entry.id);
        outcomes.push('recorded');
        fresh.push(entry);
      }
      if (fresh.length === 0) return outcomes;
      const seqs = (await manager.query<Array<{ seq: string }>>(SEQ_SQL, [fresh.length]))
        .map((r) => Number(r.seq))
        .sort((a, b) => a - b);
      let prevHash = head.prev_hash ?? GENESIS_HASH;
      const records = fresh.map((entry, i) => {
        const record = seal(entry, { seq: seqs[i], prevHash });
        prevHash = record.hash;
        return record;
      });
      await manager.query(
        `INSERT INTO security.audit_log (${COLUMNS}) VALUES ${records.map((_, i) => placeholders(i)).join(', ')}
         ON CONFLICT (id) DO NOTHING`,
        records.flatMap(columnsOf),
      );
      return outcomes;
    });
  }

  async list(filter: AuditFilter, offset: number, limit: number): Promise<AuditRecord[]> {
    const { where, params } = whereClause(filter);
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT ${READ_COLUMNS} FROM security.audit_log ${where}
       ORDER BY occurred_at DESC, seq DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return rows.map(toRecord);
  }

  /** Counting stops at `cap` rows, so its cost is bounded however many match. */
  async count(filter: AuditFilter, cap: number): Promise<number> {
    const { where, params } = whereClause(filter);
    const [{ n }] = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM security.audit_log ${where} LIMIT $${params.length + 1}) capped`,
      [...params, cap],
    );
    return n;
  }

  async chainAfter(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM security.audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
    return rows.map(toRecord);
  }
}

/** `($1, …, $13)` for the `row`-th row of a multi-row INSERT. */
function placeholders(row: number): string {
  return `(${Array.from({ length: COLUMN_COUNT }, (_, c) => `$${row * COLUMN_COUNT + c + 1}`).join(', ')})`;
}

/** A record's values in COLUMNS order. */
function columnsOf(r: AuditRecord): unknown[] {
  return [
    r.seq,
    r.id,
    r.type,
    r.actorId,
    r.subject.type,
    r.subject.id,
    r.ip,
    r.userAgent,
    r.requestId,
    JSON.stringify(r.data),
    r.occurredAt,
    r.prevHash,
    r.hash,
  ];
}

/** Each condition matches one of the (column, occurred_at DESC, seq DESC) indexes. */
function whereClause(filter: AuditFilter): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => conditions.push(sql.replace('?', `$${params.push(value)}`));
  if (filter.actorId !== undefined) add('actor_id = ?', filter.actorId);
  // Agent events carry their actor chain (person first); the GIN index on it answers this.
  if (filter.agentId !== undefined) add(`data->'actorChain' @> jsonb_build_array(?::text)`, filter.agentId);
  if (filter.type !== undefined) add('type = ?', filter.type);
  if (filter.from !== undefined) add('occurred_at >= ?', filter.from);
  if (filter.to !== undefined) add('occurred_at <= ?', filter.to);
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    seq: Number(row.seq),
    id: row.id,
    type: row.type,
    actorId: row.actor_id,
    subject: { type: row.subject_type, id: row.subject_id },
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    data: row.data,
    occurredAt: row.occurred_at.toISOString(),
    ...(row.recorded_at ? { recordedAt: row.recorded_at.toISOString() } : {}),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
