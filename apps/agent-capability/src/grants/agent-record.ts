import { AgentDecisionKind, CapabilityDenial } from '@portcullis/contracts';
import { ActClaim, agentSubject } from '../policy/act-claim';
import { Budgets } from '../policy/attenuation';

/** One agent as issued: its grant and its place in a delegation tree. */
export interface AgentRecord {
  /** A uuid; the public id and token `sub` is `agt_<id>`. */
  id: string;
  parentId: string | null;
  /** The first-level agent of the tree (itself, for a first-level agent). */
  rootId: string;
  /** Root first, without the agent itself. */
  ancestors: string[];
  userId: string;
  sessionId: string;
  /** The person's roles when the tree was granted: a child is never above them (and ⊆ its parent anyway). */
  roles: string[];
  agentType: string;
  name: string | null;
  capabilities: string[];
  budgets: Budgets;
  depth: number;
  act: ActClaim;
  /** What renew grants each time (then clamped by the parent's expiry). */
  ttlSeconds: number;
  /** Of the newest token. */
  expiresAt: Date;
  createdAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
}

export interface DecisionEntry {
  agentId: string;
  kind: AgentDecisionKind;
  capability: string | null;
  reason: string;
  /** When it happened, when that is not when it is written (a use the gateway counted earlier). */
  at?: Date;
}

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'used';

/** A first-level grant waiting for a person, because it holds a critical capability. */
export interface ApprovalRecord {
  id: string;
  userId: string;
  sessionId: string;
  roles: string[];
  agentType: string;
  name: string | null;
  ttlSeconds: number | null;
  budgets: Budgets | null;
  /** What the policy granted at once. */
  granted: string[];
  /** The critical capabilities a person must approve. */
  needsApproval: string[];
  denied: CapabilityDenial[];
  status: ApprovalStatus;
  decidedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
}

const AGENT_ID = /^agt_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** `agt_<uuid>` → the uuid; undefined for anything else (so a bad id is a 404, never a SQL error). */
export function agentUuid(publicId: unknown): string | undefined {
  return typeof publicId === 'string' ? AGENT_ID.exec(publicId.toLowerCase())?.[1] : undefined;
}

export const publicAgentId = (record: Pick<AgentRecord, 'id'>): string => agentSubject(record.id);

/** `[userId, agt_root, …, agt_self]`: who acts for whom, the person first. */
export const actorChainOf = (record: Pick<AgentRecord, 'userId' | 'ancestors' | 'id'>): string[] => [
  record.userId,
  ...record.ancestors.map((id) => agentSubject(id)),
  agentSubject(record.id),
];

/** Alive at `now`: not revoked and its newest token not expired. */
export const isLive = (record: AgentRecord, now: Date): boolean =>
  record.revokedAt === null && record.expiresAt.getTime() > now.getTime();

export const ADMIN_ROLES: readonly string[] = ['admin', 'super_admin'];
export const isAdmin = (roles: readonly string[]): boolean => roles.some((r) => ADMIN_ROLES.includes(r));
