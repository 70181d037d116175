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
/** Is the id recorded, the head's hash, and (only for a new id: CASE runs nextval lazily) the next seq. */
const HEAD_SQL = `
  SELECT present, prev_hash, CASE WHEN present THEN NULL ELSE nextval(pg_get_serial_sequence('security.audit_log', 'seq'))::text END AS seq
  FROM (SELECT EXISTS (SELECT 1 FROM security.audit_log WHERE id = $1) AS present,
               (SELECT hash FROM security.audit_log ORDER BY seq DESC LIMIT 1) AS prev_hash) head`;

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
   * head at the insert and seq order is chain order. The sequence is drawn only under the lock
   * and only for a new id, so seq has gaps only where a transaction died mid-append.
   */
  append(entry: AuditEntry, seal: (position: ChainPosition) => AuditRecord): Promise<AppendOutcome> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [CHAIN_LOCK]);
      // A statement of its own, after the lock: its snapshot then includes the previous append.
      const [head] = await manager.query<Array<{ present: boolean; seq: string | number; prev_hash: string | null }>>(
        HEAD_SQL,
        [entry.id],
      );
      if (head.present) return 'duplicate';
      const r = seal({ seq: Number(head.seq), prevHash: head.prev_hash ?? GENESIS_HASH });
      await manager.query(
        `INSERT INTO security.audit_log (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (id) DO NOTHING`,
        [
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
        ],
      );
      return 'recorded';
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
