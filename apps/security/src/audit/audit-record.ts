import { AuditRecordDto } from '@portcullis/contracts';

/** A stored audit record is exactly what the contract shows; nothing about it is private. */
export type AuditRecord = AuditRecordDto;

/** A validated event, ready to be sealed into the chain (everything but its position and hashes). */
export type AuditEntry = Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;

/** Where the next record goes: its sequence number and the hash of the record before it. */
export interface ChainPosition {
  seq: number;
  prevHash: string;
}

export interface AuditFilter {
  actorId?: string;
  /** An agent in the record's `data.actorChain`. */
  agentId?: string;
  type?: string;
  /** ISO timestamps, inclusive. */
  from?: string;
  to?: string;
}
