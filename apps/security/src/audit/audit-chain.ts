import { sha256Hex } from '@portcullis/security';
import { canonicalJson } from './canonical-json';
import { AuditEntry, AuditRecord, ChainPosition } from './audit-record';

/** The `prev_hash` of the very first record. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * sha256 (hex) of the canonical JSON of the record's content and its predecessor's hash. Keys are
 * the column names, so anyone with read access to security.audit_log can recompute it without this
 * code. `recorded_at` is left out: it is the database's clock, not part of what happened.
 */
export function recordHash(record: Omit<AuditRecord, 'hash'>): string {
  return sha256Hex(
    canonicalJson({
      seq: record.seq,
      id: record.id,
      type: record.type,
      actor_id: record.actorId,
      subject: { type: record.subject.type, id: record.subject.id },
      ip: record.ip,
      user_agent: record.userAgent,
      request_id: record.requestId,
      data: record.data,
      occurred_at: record.occurredAt,
      prev_hash: record.prevHash,
    }),
  );
}

export function sealEntry(entry: AuditEntry, position: ChainPosition): AuditRecord {
  const unsealed = { ...entry, seq: position.seq, prevHash: position.prevHash };
  return { ...unsealed, hash: recordHash(unsealed) };
}

/**
 * A record is sound when it links to the hash its predecessor actually has and its own hash still
 * matches its content. Editing a record breaks the second; deleting or reordering one breaks the
 * first at its successor; re-hashing an edited record breaks the first at its successor too.
 */
export function linksSoundly(record: AuditRecord, expectedPrevHash: string): boolean {
  return record.prevHash === expectedPrevHash && recordHash(record) === record.hash;
}
