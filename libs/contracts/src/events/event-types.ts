import { event } from '../common/rpc-definition';
import { DomainEvent } from './domain-event';

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
  /** Something an operator should look at now, e.g. an upstream's circuit breaker opened. */
  securityAlert: event<DomainEvent<{ kind: string; severity: 'low' | 'medium' | 'high'; [detail: string]: unknown }>>('security.alert'),
  apiKeyRolled: event<DomainEvent<{ apiKeyId: string; name: string; previousSecretExpiresAt: string }>>('api_key.rolled'),
};
