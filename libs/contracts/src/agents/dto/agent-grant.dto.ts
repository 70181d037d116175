import { RoleName } from '../../user/roles';
import { CapabilityDenial, DenialReason } from './agent-decision.dto';

/** Uses of one capability per window: `{"git:commit": {limit: 10, windowSeconds: 3600}}`. */
export interface AgentBudget {
  limit: number;
  windowSeconds: number;
}

/** The person a first-level agent acts for, as the gateway read it from a verified user access token. */
export interface AgentOwner {
  userId: string;
  sessionId: string;
  roles: RoleName[];
}

/** A signed-in person acting on agents (approve, revoke, list): the owner, or an admin for any. */
export interface AgentUserCaller {
  userId: string;
  roles: RoleName[];
}

/** `POST /agents/authenticate`. */
export interface AuthenticateAgentRequest {
  owner: AgentOwner;
  agentType: string;
  capabilities: string[];
  ttlSeconds?: number;
  name?: string;
  budgets?: Record<string, AgentBudget>;
}

/** A minted agent token and what it holds (the 200 of authenticate, delegate, renew, approvals/:id/token). */
export interface AgentGrantReply {
  /** `agt_<uuid>`: also the token's `sub`. */
  agentId: string;
  agentToken: string;
  granted: string[];
  denied: CapabilityDenial[];
  expiresIn: number;
}

/** A grant that needs a person first (a `critical` capability): 202. */
export interface AgentApprovalPending {
  approvalId: string;
  status: 'pending';
  expiresAt: string;
}

export type AuthenticateAgentReply =
  { status: 'granted'; grant: AgentGrantReply } | { status: 'pending'; approval: AgentApprovalPending };

/** `POST /agents/delegate`: `agentId` is the verified caller's (the parent's) token `sub`. */
export interface DelegateAgentRequest {
  agentId: string;
  /**
   * The person's current roles (the gateway's user view), the child's role ceiling: not the roles
   * stored when the tree began, or a demoted person's agents would go on delegating what the old
   * role allowed.
   */
  ownerRoles: RoleName[];
  agentType?: string;
  capabilities: string[];
  ttlSeconds?: number;
  budgets?: Record<string, AgentBudget>;
}

/** `POST /agents/renew`. */
export interface RenewAgentRequest {
  agentId: string;
}

/** approve / deny / collect one approval. */
export interface AgentApprovalRequest {
  approvalId: string;
  caller: AgentUserCaller;
}

export interface RevokeAgentRequest {
  agentId: string;
  caller: AgentUserCaller;
}

/** `GET /agents`: the caller's own; an admin may name another `userId`. */
export interface ListAgentsRequest {
  caller: AgentUserCaller;
  userId?: string;
}

/** One live agent and the live agents it delegated to. */
export interface AgentNode {
  agentId: string;
  agentType: string;
  name: string | null;
  capabilities: string[];
  budgets: Record<string, AgentBudget>;
  /** 1 for an agent a person started, +1 per delegation (as the token says). */
  depth: number;
  parentId: string | null;
  sessionId: string;
  createdAt: string;
  expiresAt: string;
  children: AgentNode[];
}

export interface ListDecisionsRequest {
  agentId: string;
  caller: AgentUserCaller;
  page?: number;
  limit?: number;
}

export const AGENT_DECISION_KINDS = ['grant', 'denial', 'use', 'renewal', 'revocation', 'approval'] as const;
export type AgentDecisionKind = (typeof AGENT_DECISION_KINDS)[number];

export interface AgentDecisionView {
  id: string;
  agentId: string;
  kind: AgentDecisionKind;
  capability: string | null;
  /** Why (a denial reason, `granted`, `logout`, …). */
  reason: string;
  at: string;
}

export interface AgentDecisionPage {
  items: AgentDecisionView[];
  total: number;
  page: number;
  limit: number;
}

/** Whose budgets a use counts against: `agt_<uuid>` of a verified agent. */
export interface AgentBudgetChainRequest {
  agentId: string;
}

/**
 * The budgets along an agent's delegation chain (DESIGN §3 "Budgets"). A grant never changes after
 * issue, so the gateway keeps this and counts each use itself, in one Redis round trip.
 */
export interface AgentBudgetChain {
  /** The first-level agent (uuid): the Redis Cluster hash tag of every budget key of one use. */
  rootId: string;
  /** Root first, the agent itself last (uuids). */
  agents: Array<{ agentId: string; budgets: Record<string, AgentBudget> }>;
}

/**
 * One use of a capability as the gateway counted it, on its way to the agent's decision log
 * (queue `agent-uses`). A refused one says why (`reason`, `budget_exhausted` when absent), and
 * `exhaustedAgentId` (uuid) names the ancestor whose budget refused it.
 */
export interface AgentUseRecord {
  agentId: string;
  capability: string;
  allowed: boolean;
  reason?: UseDenialReason;
  exhaustedAgentId?: string;
  /** ISO time of the use. */
  at: string;
  /** The request that used it, for the events an exhaustion sends. */
  requestId?: string;
  ip?: string;
  userAgent?: string;
}

/** Why the gateway refused a use: a budget ran out, or the token does not hold the capability. */
export type UseDenialReason = Extract<DenialReason, 'budget_exhausted' | 'not_granted'>;

/** A batch of uses, one job of queue `agent-uses`. */
export interface AgentUsesJob {
  uses: AgentUseRecord[];
}
