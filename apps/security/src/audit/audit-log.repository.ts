import { AuditEntry, AuditFilter, AuditRecord, ChainPosition } from './audit-record';

export type AppendOutcome = 'recorded' | 'duplicate';

/** The append-only, hash-chained audit log. */
export abstract class AuditLogRepository {
  /**
   * Appends the entries at the head of the chain, in their order, as one atomic step (reading the
   * head and inserting, even across replicas). An entry whose event id is recorded already, or
   * earlier in the same batch, is skipped (events arrive at least once). `seal` turns an entry
   * into a record once its position is known. One outcome per entry, in their order.
   */
  abstract appendAll(
    entries: AuditEntry[],
    seal: (entry: AuditEntry, position: ChainPosition) => AuditRecord,
  ): Promise<AppendOutcome[]>;

  /** Newest first (by when it happened, then by position). */
  abstract list(filter: AuditFilter, offset: number, limit: number): Promise<AuditRecord[]>;

  /** How many records match, counting no further than `cap`. */
  abstract count(filter: AuditFilter, cap: number): Promise<number>;

  /** Up to `limit` records after `afterSeq`, in chain order. */
  abstract chainAfter(afterSeq: number, limit: number): Promise<AuditRecord[]>;
}
