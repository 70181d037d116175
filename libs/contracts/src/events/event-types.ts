import { event } from '../common/rpc-definition';
import { CapabilityDenial } from '../agents/dto/agent-decision.dto';
import { DomainEvent } from './domain-event';

/**
 * Every agent event names the agent and its actor chain, person first: `[userId, agt_root, …, agt_self]`.
 * The audit trail files the event under each of them (`GET /admin/audit-logs?agentId=`).
 */
interface AgentEventData {
  agentId: string;
  actorChain: string[];
}

/** The event catalog. Names are past tense and stable: subscribers filter on them. */
export const Events = {
  userRegistered: event<DomainEvent<{ email: string; displayName: string | null }>>('user.registered'),
  userUpdated: event<DomainEvent<{ fields: string[] }>>('user.updated'),
  userDeleted: event<DomainEvent<Record<string, never>>>('user.deleted'),
  loginSucceeded: event<DomainEvent<{ sessionId: string; deviceName: string | null }>>('auth.login.succeeded'),
  loginFailed: event<DomainEvent<{ reason: 'invalid_credentials' | 'locked' | 'throttled' | 'disabled' }>>('auth.login.failed'),
  logout: event<DomainEvent<{ sessionId: string }>>('auth.logout'),
  passwordChanged: event<DomainEvent<{ sessionsRevoked: number }>>('auth.password.changed'),
  /** A signed-in user's change-password was refused before any change: the current password was wrong, or the account locked. */
  passwordChangeFailed: event<DomainEvent<{ reason: 'invalid_current_password' | 'locked' | 'throttled' }>>('auth.password.change_failed'),
  accountLocked: event<DomainEvent<{ failures: number; lockedForSeconds: number }>>('auth.account.locked'),
  refreshReused: event<DomainEvent<{ sessionId: string }>>('auth.refresh.reused'),
  sessionRevoked: event<DomainEvent<{ sessionId: string; reason: string }>>('auth.session.revoked'),
  accountUnlocked: event<DomainEvent<Record<string, never>>>('auth.account.unlocked'),
  userRolesChanged: event<DomainEvent<{ from: string[]; to: string[] }>>('user.roles.changed'),
  userDisabled: event<DomainEvent<{ sessionsRevoked: number }>>('user.disabled'),
  userEnabled: event<DomainEvent<Record<string, never>>>('user.enabled'),
  signingKeyRotated: event<DomainEvent<{ kid: string }>>('token.signing_key.rotated'),
  apiKeyCreated: event<DomainEvent<{ apiKeyId: string; name: string; environment: string; scopes: string[] }>>('api_key.created'),
  apiKeyRevoked: event<DomainEvent<{ apiKeyId: string; name: string }>>('api_key.revoked'),
  apiKeyRolled: event<DomainEvent<{ apiKeyId: string; name: string; previousSecretExpiresAt: string }>>('api_key.rolled'),
  agentAuthenticated: event<DomainEvent<AgentEventData & { agentType: string; sessionId: string; granted: string[]; denied: CapabilityDenial[]; expiresAt: string }>>('agent.authenticated'),
  agentDelegated: event<DomainEvent<AgentEventData & { parentId: string; agentType: string; depth: number; granted: string[]; denied: CapabilityDenial[]; expiresAt: string }>>('agent.delegated'),
  agentRenewed: event<DomainEvent<AgentEventData & { expiresAt: string }>>('agent.renewed'),
  /** `revoked`: this agent and every descendant that ended with it. */
  agentRevoked: event<DomainEvent<AgentEventData & { reason: string; revoked: string[] }>>('agent.revoked'),
  /** `agentId` is the agent that asked (the parent, for a delegation), or null for a refused first grant. */
  agentCapabilityDenied: event<DomainEvent<{ agentId: string | null; actorChain: string[]; agentType: string; denied: CapabilityDenial[] }>>('agent.capability.denied'),
  agentApprovalRequested: event<DomainEvent<{ approvalId: string; agentType: string; capabilities: string[]; needsApproval: string[]; expiresAt: string }>>('agent.approval.requested'),
  agentApprovalDecided: event<DomainEvent<{ approvalId: string; decision: 'approved' | 'denied'; decidedBy: string }>>('agent.approval.decided'),
  agentBudgetExhausted: event<DomainEvent<AgentEventData & { capability: string; exhaustedAgentId: string }>>('agent.budget.exhausted'),
};
