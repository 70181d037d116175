import { AuditEntry, AuditFilter, AuditRecord, ChainPosition } from './audit-record';

export type AppendOutcome = 'recorded' | 'duplicate';

/** The append-only, hash-chained audit log. */
export abstract class AuditLogRepository {
  /**
   * Appends one record at the head of the chain, or does nothing if a record with this event id
   * exists (events arrive at least once). `seal` turns the entry into a record once its position
   * is known; reading the head and inserting are one atomic step, even across replicas.
   */
  abstract append(entry: AuditEntry, seal: (position: ChainPosition) => AuditRecord): Promise<AppendOutcome>;

  /** Newest first (by when it happened, then by position). */
  abstract list(filter: AuditFilter, offset: number, limit: number): Promise<AuditRecord[]>;

  /** How many records match, counting no further than `cap`. */
  abstract count(filter: AuditFilter, cap: number): Promise<number>;

  /** Up to `limit` records after `afterSeq`, in chain order. */
  abstract chainAfter(afterSeq: number, limit: number): Promise<AuditRecord[]>;
}
