import { DomainEvent } from '@portcullis/contracts';
import { AgentRecord, ApprovalRecord, ApprovalStatus, DecisionEntry } from './agent-record';

/** Which agents a revocation ends: one and its descendants, every agent of some sessions, or of a user. */
export type RevocationScope = { agentId: string } | { sessionIds: string[] } | { userId: string };

/**
 * Agents, their decision log and approvals (the `agents` schema). Each write commits its decision
 * log lines and domain events (through the outbox) in one transaction with the change.
 */
export abstract class AgentRepository {
  abstract insert(agent: AgentRecord, decisions: DecisionEntry[], events: DomainEvent[]): Promise<void>;
  abstract find(id: string): Promise<AgentRecord | null>;
  /** In the order of `ids`; missing ones left out. */
  abstract findMany(ids: string[]): Promise<AgentRecord[]>;
  /**
   * Moves a live agent's expiry (with its decisions and events); false, writing nothing, when it was
   * revoked meanwhile: a renew that read the chain alive must not outrun a revocation committed since.
   */
  abstract renew(id: string, expiresAt: Date, decisions: DecisionEntry[], events: DomainEvent[]): Promise<boolean>;
  /**
   * Marks every agent of `scope` not yet revoked as revoked (an agent scope includes its
   * descendants); returns those it marked. `events` builds the announcements from them.
   */
  abstract revoke(
    scope: RevocationScope,
    reason: string,
    at: Date,
    events: (revoked: AgentRecord[]) => DomainEvent[],
  ): Promise<AgentRecord[]>;
  /** The agents of `scope` (`'all'`: of everyone) already revoked whose tokens may still be unexpired at `now`. */
  abstract listRevoked(scope: RevocationScope | 'all', now: Date): Promise<AgentRecord[]>;
  /** Not revoked and not expired at `now`, oldest first. */
  abstract listLive(userId: string, now: Date): Promise<AgentRecord[]>;
  abstract countLive(now: Date): Promise<number>;
  abstract log(decisions: DecisionEntry[], events: DomainEvent[]): Promise<void>;
  /** Newest first. */
  abstract decisions(
    agentId: string,
    offset: number,
    limit: number,
  ): Promise<{ items: Array<DecisionEntry & { id: string; at: Date }>; total: number }>;

  abstract insertApproval(approval: ApprovalRecord, events: DomainEvent[]): Promise<void>;
  abstract findApproval(id: string): Promise<ApprovalRecord | null>;
  /**
   * Ends the approvals of ended sessions or a user that are still open (pending, or approved but not
   * collected): they expire at `at`, so deciding or collecting one is the 404 of an expired approval.
   * Returns how many it ended.
   */
  abstract expireApprovals(scope: { sessionIds: string[] } | { userId: string }, at: Date): Promise<number>;
  /** Moves the approval from `from` to `to` only if it is still `from` (one winner under races). */
  abstract transitionApproval(
    id: string,
    from: ApprovalStatus,
    to: ApprovalStatus,
    decidedBy: string | null,
    events: DomainEvent[],
  ): Promise<boolean>;
}
