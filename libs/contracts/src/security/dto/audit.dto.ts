import { PageRequest } from '../../common/page';

/** One append-only audit record; `hash` chains it to the previous one so tampering is detectable. */
export interface AuditRecordDto {
  id: string;
  /** Monotonic position in the chain. */
  seq: number;
  type: string;
  actorId: string | null;
  subject: { type: string; id: string };
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  data: Record<string, unknown>;
  /** When it happened, as the event's producer says. */
  occurredAt: string;
  /**
   * When the audit writer stored it: the database server's clock, never anything in the event, so
   * a backdated `occurredAt` shows. (Absent only on a record not read back from the database.)
   */
  recordedAt?: string;
  prevHash: string;
  hash: string;
}

export interface ListAuditLogsRequest extends PageRequest {
  actorId?: string;
  /** `agt_<uuid>`: records whose actor chain names this agent (what it did, and what was done through it). */
  agentId?: string;
  type?: string;
  /** ISO timestamps, inclusive. */
  from?: string;
  to?: string;
}

export interface VerifyAuditChainReply {
  intact: boolean;
  checked: number;
  /** The first record whose hash does not match its content or its predecessor. */
  firstBrokenSeq?: number;
}
