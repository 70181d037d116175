import { Events } from '../events/event-types';
import { WebhookPayload } from './dto/delivery.dto';
import { WebhookEvents } from './webhook-events';

/** One entry of GET /webhooks/event-types. */
export interface EventTypeInfo {
  type: string;
  description: string;
  /** Only a `scope: "all"` (admin) subscription receives it: its subject is not a user. */
  adminOnly: boolean;
  example: WebhookPayload;
}

type Subject = WebhookPayload['subject'];
const USER = '3f0c6c1e-8d4b-4a57-9a3e-2b1f0d6c9e11';
const AGENT = 'agt_7f3a2c1e-0000-4000-8000-000000000004';
const CHILD = 'agt_9b8c7d6e-0000-4000-8000-000000000005';
const SESSION = 'a1c2e3f4-0000-4000-8000-000000000001';
const APPROVAL = 'e1d2c3b4-0000-4000-8000-000000000006';
const you: Subject = { type: 'user', id: USER };
const byYou = { type: 'user', id: USER } as const;

function entry(
  type: string,
  description: string,
  data: Record<string, unknown>,
  subject: Subject = you,
  adminOnly = false,
): EventTypeInfo {
  const actor = subject.type === 'user' ? byYou : { type: 'system' as const, id: 'portcullis' };
  const example = {
    id: '0b9d2f3e-5a41-4c8e-b7a2-6f1e9d3c4b58',
    type,
    occurredAt: '2026-01-01T12:00:00.000Z',
    subject,
    actor,
    data,
  };
  return { type, description, adminOnly, example };
}

/**
 * Every event a subscription may name (DESIGN §3), with what it means and a sample payload. The
 * names are the filter vocabulary: `events` on a subscription must match at least one of them.
 */
export const WEBHOOK_EVENT_CATALOG: readonly EventTypeInfo[] = [
  entry(Events.userRegistered.type, 'A new account was created.', { email: 'ada@example.com', displayName: 'Ada' }),
  entry(Events.userUpdated.type, 'Profile fields changed (names only, never values).', { fields: ['displayName'] }),
  entry(Events.userDeleted.type, 'The account was deleted.', {}),
  entry(Events.userRolesChanged.type, "An admin changed the account's roles.", {
    from: ['user'],
    to: ['user', 'developer'],
  }),
  entry(Events.userDisabled.type, 'An admin disabled the account; its sessions were revoked.', { sessionsRevoked: 2 }),
  entry(Events.userEnabled.type, 'An admin re-enabled the account.', {}),
  entry(Events.loginSucceeded.type, 'A login succeeded and started a session.', {
    sessionId: 'a1c2e3f4-0000-4000-8000-000000000001',
    deviceName: 'laptop',
  }),
  entry(Events.loginFailed.type, 'A login failed (wrong password, locked, throttled or disabled).', {
    reason: 'invalid_credentials',
  }),
  entry(Events.logout.type, 'A session was logged out.', { sessionId: 'a1c2e3f4-0000-4000-8000-000000000001' }),
  entry(Events.passwordChanged.type, 'The password changed; every other session was revoked.', { sessionsRevoked: 1 }),
  entry(
    Events.passwordChangeFailed.type,
    'A password change was refused: wrong current password (counted like a failed login), or the account locked.',
    { reason: 'invalid_current_password' },
  ),
  entry(Events.accountLocked.type, 'Too many failed logins locked the account for a while.', {
    failures: 5,
    lockedForSeconds: 900,
  }),
  entry(Events.accountUnlocked.type, 'An admin lifted a lockout.', {}),
  entry(Events.refreshReused.type, 'A spent refresh token was presented again; its session family was revoked.', {
    sessionId: 'a1c2e3f4-0000-4000-8000-000000000001',
  }),
  entry(Events.sessionRevoked.type, 'A session was revoked.', {
    sessionId: 'a1c2e3f4-0000-4000-8000-000000000001',
    reason: 'user',
  }),
  entry(Events.agentAuthenticated.type, 'An agent token was issued on your behalf.', {
    agentId: AGENT,
    actorChain: [USER, AGENT],
    agentType: 'code-implementer',
    sessionId: SESSION,
    granted: ['file:read'],
    denied: [{ capability: 'secrets:read', reason: 'not_in_type' }],
    expiresAt: '2026-01-01T12:15:00.000Z',
  }),
  entry(Events.agentDelegated.type, 'One of your agents delegated a narrower grant to a child agent.', {
    agentId: CHILD,
    actorChain: [USER, AGENT, CHILD],
    parentId: AGENT,
    agentType: 'test-engineer',
    depth: 1,
    granted: ['file:read'],
    denied: [],
    expiresAt: '2026-01-01T12:10:00.000Z',
  }),
  entry(Events.agentRenewed.type, 'An agent renewed its token (same grant, new expiry).', {
    agentId: AGENT,
    actorChain: [USER, AGENT],
    expiresAt: '2026-01-01T12:30:00.000Z',
  }),
  entry(
    Events.agentRevoked.type,
    'An agent and all its descendants were revoked (by you, an admin, a logout or a session ending).',
    { agentId: AGENT, actorChain: [USER, AGENT], reason: 'revoked', revoked: [AGENT, CHILD] },
  ),
  entry(Events.agentCapabilityDenied.type, 'An agent asked for capabilities it may not have.', {
    agentId: null,
    actorChain: [USER],
    agentType: 'code-implementer',
    denied: [{ capability: 'secrets:read', reason: 'not_in_type' }],
  }),
  entry(
    Events.agentApprovalRequested.type,
    'An agent asked for a critical capability: a person must approve or deny it within 10 minutes.',
    {
      approvalId: APPROVAL,
      agentType: 'devops-engineer',
      capabilities: ['deploy:production'],
      needsApproval: ['deploy:production'],
      expiresAt: '2026-01-01T12:10:00.000Z',
    },
  ),
  entry(Events.agentApprovalDecided.type, 'A person approved or denied an agent approval request.', {
    approvalId: APPROVAL,
    decision: 'approved',
    decidedBy: USER,
  }),
  entry(
    Events.agentBudgetExhausted.type,
    "An agent's use of a capability was refused: its budget (or an ancestor's) is spent for this window.",
    { agentId: CHILD, actorChain: [USER, AGENT, CHILD], capability: 'git:commit', exhaustedAgentId: AGENT },
  ),
  entry(Events.apiKeyCreated.type, 'An API key was created (never the key itself).', {
    apiKeyId: 'c0ffee00-0000-4000-8000-000000000002',
    name: 'ci',
    environment: 'live',
    scopes: ['apis:read'],
  }),
  entry(Events.apiKeyRevoked.type, 'An API key was revoked.', {
    apiKeyId: 'c0ffee00-0000-4000-8000-000000000002',
    name: 'ci',
  }),
  entry(Events.apiKeyRolled.type, 'An API key got a new secret; the old one works until the grace period ends.', {
    apiKeyId: 'c0ffee00-0000-4000-8000-000000000002',
    name: 'ci',
    previousSecretExpiresAt: '2026-01-01T13:00:00.000Z',
  }),
  entry(
    Events.rateLimited.type,
    'A client exceeded a rate limit (sampled: at most one a minute per client and policy, counting the refusals in between).',
    { scope: 'user', policy: 'user:user', limit: 300, windowSeconds: 60, retryAfterSeconds: 30, refusedSinceLast: 12 },
  ),
  entry(
    Events.rateLimitPoliciesChanged.type,
    'An admin changed the rate-limit policies.',
    { policies: [{ name: 'user:user', limit: 600, windowSeconds: 60 }] },
    { type: 'system', id: 'security' },
    true,
  ),
  entry('security.alert', 'Anomaly detection raised an alert.', { kind: 'brute_force', severity: 'high' }),
  entry(
    Events.signingKeyRotated.type,
    'The token signing key was rotated.',
    { kid: 'k-2026-01' },
    { type: 'system', id: 'token' },
    true,
  ),
  entry(WebhookEvents.test.type, 'Sent on request to one subscription, to check a receiver.', {
    webhookId: 'b7e1d2c3-0000-4000-8000-000000000003',
    message: 'Test event from Portcullis',
  }),
  entry(
    WebhookEvents.endpointDisabled.type,
    'A subscription was disabled: its receiver answered 410 Gone, or kept failing.',
    {
      webhookId: 'b7e1d2c3-0000-4000-8000-000000000003',
      ownerUserId: USER,
      reason: 'failing',
      failingSince: '2025-12-27T12:00:00.000Z',
    },
    { type: 'webhook', id: 'b7e1d2c3-0000-4000-8000-000000000003' },
    true,
  ),
];

export const WEBHOOK_EVENT_TYPES: readonly string[] = WEBHOOK_EVENT_CATALOG.map((e) => e.type);
