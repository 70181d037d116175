import { z } from 'zod';
import { event, Schema } from '../common/rpc-definition';

const nothing = () => z.object({}) as unknown as Schema<Record<string, never>>;
const sessionId = () => z.string();
import { DENIAL_REASONS } from '../agents/dto/agent-decision.dto';

/**
 * Every agent event names the agent and its actor chain, person first: `[userId, agt_root, …, agt_self]`.
 * The audit trail files the event under each of them (`GET /admin/audit-logs?agentId=`).
 */
const strings = () => z.array(z.string());
const denials = () => z.array(z.object({ capability: z.string(), reason: z.enum(DENIAL_REASONS) }));
const agentEvent = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ agentId: z.string(), actorChain: strings(), ...shape });

/** The event catalog. Names are past tense and stable: subscribers filter on them. */
export const Events = {
  userRegistered: event('user.registered', z.object({ email: z.string(), displayName: z.string().nullable() })),
  userUpdated: event('user.updated', z.object({ fields: z.array(z.string()) })),
  userDeleted: event('user.deleted', nothing()),
  loginSucceeded: event(
    'auth.login.succeeded',
    z.object({ sessionId: sessionId(), deviceName: z.string().nullable() }),
  ),
  loginFailed: event(
    'auth.login.failed',
    z.object({ reason: z.enum(['invalid_credentials', 'locked', 'throttled', 'disabled']) }),
  ),
  logout: event('auth.logout', z.object({ sessionId: sessionId() })),
  passwordChanged: event('auth.password.changed', z.object({ sessionsRevoked: z.number().int() })),
  /** A signed-in user's change-password was refused before any change: the current password was wrong, or the account locked. */
  passwordChangeFailed: event(
    'auth.password.change_failed',
    z.object({ reason: z.enum(['invalid_current_password', 'locked', 'throttled']) }),
  ),
  accountLocked: event('auth.account.locked', z.object({ failures: z.number().int(), lockedForSeconds: z.number() })),
  refreshReused: event('auth.refresh.reused', z.object({ sessionId: sessionId() })),
  sessionRevoked: event('auth.session.revoked', z.object({ sessionId: sessionId(), reason: z.string() })),
  accountUnlocked: event('auth.account.unlocked', nothing()),
  userRolesChanged: event('user.roles.changed', z.object({ from: z.array(z.string()), to: z.array(z.string()) })),
  userDisabled: event('user.disabled', z.object({ sessionsRevoked: z.number().int() })),
  userEnabled: event('user.enabled', nothing()),
  signingKeyRotated: event('token.signing_key.rotated', z.object({ kid: z.string() })),
  apiKeyCreated: event(
    'api_key.created',
    z.object({ apiKeyId: z.string(), name: z.string(), environment: z.string(), scopes: z.array(z.string()) }),
  ),
  apiKeyRevoked: event('api_key.revoked', z.object({ apiKeyId: z.string(), name: z.string() })),
  apiKeyRolled: event(
    'api_key.rolled',
    z.object({ apiKeyId: z.string(), name: z.string(), previousSecretExpiresAt: z.string() }),
  ),
  /** Sampled: at most one per subject and policy a minute per gateway, never one per refused request. */
  rateLimited: event(
    'security.rate_limited',
    z.object({
      scope: z.string(),
      policy: z.string(),
      limit: z.number(),
      windowSeconds: z.number(),
      retryAfterSeconds: z.number(),
      refusedSinceLast: z.number(),
    }),
  ),
  rateLimitPoliciesChanged: event(
    'security.rate_limits.changed',
    z.object({ policies: z.array(z.object({ name: z.string(), limit: z.number(), windowSeconds: z.number() })) }),
  ),
  agentAuthenticated: event(
    'agent.authenticated',
    agentEvent({
      agentType: z.string(),
      sessionId: sessionId(),
      granted: strings(),
      denied: denials(),
      expiresAt: z.string(),
    }),
  ),
  agentDelegated: event(
    'agent.delegated',
    agentEvent({
      parentId: z.string(),
      agentType: z.string(),
      depth: z.number().int(),
      granted: strings(),
      denied: denials(),
      expiresAt: z.string(),
    }),
  ),
  agentRenewed: event('agent.renewed', agentEvent({ expiresAt: z.string() })),
  /** `revoked`: this agent and every descendant that ended with it. */
  agentRevoked: event('agent.revoked', agentEvent({ reason: z.string(), revoked: strings() })),
  /** `agentId` is the agent that asked (the parent, for a delegation), or null for a refused first grant. */
  agentCapabilityDenied: event(
    'agent.capability.denied',
    z.object({ agentId: z.string().nullable(), actorChain: strings(), agentType: z.string(), denied: denials() }),
  ),
  agentApprovalRequested: event(
    'agent.approval.requested',
    z.object({
      approvalId: z.string(),
      agentType: z.string(),
      capabilities: strings(),
      needsApproval: strings(),
      expiresAt: z.string(),
    }),
  ),
  agentApprovalDecided: event(
    'agent.approval.decided',
    z.object({ approvalId: z.string(), decision: z.enum(['approved', 'denied']), decidedBy: z.string() }),
  ),
  agentBudgetExhausted: event(
    'agent.budget.exhausted',
    agentEvent({ capability: z.string(), exhaustedAgentId: z.string() }),
  ),
  /** Something an operator should look at now, e.g. an upstream's circuit breaker opened. */
  securityAlert: event(
    'security.alert',
    z.object({ kind: z.string(), severity: z.enum(['low', 'medium', 'high']) }).catchall(z.unknown()),
  ),
};
