import { domainEvent } from '@portcullis/common';
import { ApiKeyCaller, DomainEvent, Events } from '@portcullis/contracts';
import { ApiKeyRecord } from './api-key.repository';

/**
 * The token app's API-key events. Subject is the owner (so the owner's webhooks receive them),
 * actor whoever acted; data never holds the key, its hash or the pepper. The request's origin
 * (`meta`) comes from the context.
 */
const about = (r: ApiKeyRecord, caller: ApiKeyCaller) => ({
  subject: { type: 'user' as const, id: r.ownerUserId },
  actor: { type: 'user' as const, id: caller.userId },
});

export const apiKeyEvents = {
  created: (r: ApiKeyRecord, caller: ApiKeyCaller): DomainEvent =>
    domainEvent(Events.apiKeyCreated, {
      ...about(r, caller),
      data: { apiKeyId: r.id, name: r.name, environment: r.environment, scopes: r.scopes },
    }),
  revoked: (r: ApiKeyRecord, caller: ApiKeyCaller): DomainEvent =>
    domainEvent(Events.apiKeyRevoked, { ...about(r, caller), data: { apiKeyId: r.id, name: r.name } }),
  rolled: (r: ApiKeyRecord, previousSecretExpiresAt: Date, caller: ApiKeyCaller): DomainEvent =>
    domainEvent(Events.apiKeyRolled, {
      ...about(r, caller),
      data: { apiKeyId: r.id, name: r.name, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() },
    }),
};
