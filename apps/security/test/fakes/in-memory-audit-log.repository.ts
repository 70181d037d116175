import { AppendOutcome, AuditLogRepository } from '../../src/audit/audit-log.repository';
import { AuditEntry, AuditFilter, AuditRecord, ChainPosition } from '../../src/audit/audit-record';
import { GENESIS_HASH } from '../../src/audit/audit-chain';

/**
 * The PostgreSQL log in memory. Stored data goes through a jsonb-like round trip (keys reordered
 * by length, as jsonb does), so hashing that depended on key order would fail here too.
 * `records` is public so tests can tamper with "the table" as an operator with DDL rights could.
 */
export class InMemoryAuditLogRepository extends AuditLogRepository {
  readonly records: AuditRecord[] = [];
  private nextSeq = 1;

  /** Batches the writes it was given, to show what the use case groups together. */
  readonly batches: string[][] = [];

  async appendAll(
    entries: AuditEntry[],
    seal: (entry: AuditEntry, position: ChainPosition) => AuditRecord,
  ): Promise<AppendOutcome[]> {
    this.batches.push(entries.map((e) => e.id));
    return entries.map((entry) => {
      if (this.records.some((r) => r.id === entry.id)) return 'duplicate';
      const head = this.records[this.records.length - 1];
      const record = seal(entry, { seq: this.nextSeq++, prevHash: head?.hash ?? GENESIS_HASH });
      this.records.push({ ...record, data: jsonbRoundTrip(record.data) });
      return 'recorded';
    });
  }

  async list(filter: AuditFilter, offset: number, limit: number): Promise<AuditRecord[]> {
    return this.matching(filter)
      .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || b.seq - a.seq)
      .slice(offset, offset + limit);
  }

  async count(filter: AuditFilter, cap: number): Promise<number> {
    return Math.min(this.matching(filter).length, cap);
  }

  async chainAfter(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    return this.records.filter((r) => r.seq > afterSeq).slice(0, limit);
  }

  private matching(f: AuditFilter): AuditRecord[] {
    return this.records.filter(
      (r) =>
        (f.actorId === undefined || r.actorId === f.actorId) &&
        (f.type === undefined || r.type === f.type) &&
        (f.from === undefined || r.occurredAt >= f.from) &&
        (f.to === undefined || r.occurredAt <= f.to),
    );
  }
}

function jsonbRoundTrip<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? reorder(v) : v)),
  );
}

function reorder(o: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(o).sort((a, b) => a.length - b.length || (a < b ? 1 : -1));
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
