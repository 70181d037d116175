import { RoleName } from '../../user/roles';
import { CapabilityDenial } from './agent-decision.dto';

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

/** One budgeted use by a verified agent (verify with `consume`, the proxy). */
export interface ConsumeCapabilityRequest {
  agentId: string;
  capability: string;
}

export interface ConsumeCapabilityReply {
  allowed: boolean;
  /** `granted`, or `budget_exhausted`, `revoked`, `not_granted`. */
  reason: string;
  /** The fewest uses left along the chain after this one; null when nothing in the chain budgets it. */
  remaining: number | null;
  /** Only when exhausted and it frees up again. */
  retryAfterSeconds?: number;
}
