import { domainEvent } from '@portcullis/common';
import { ApiKeyCaller, DomainEvent, Events, RequestMeta } from '@portcullis/contracts';
import { ApiKeyRecord } from './api-key.repository';

/**
 * The token app's API-key events. Subject is the owner (so the owner's webhooks receive them),
 * actor whoever acted; data never holds the key, its hash or the pepper.
 */
const about = (r: ApiKeyRecord, caller: ApiKeyCaller, meta?: RequestMeta) => ({
  subject: { type: 'user' as const, id: r.ownerUserId },
  actor: { type: 'user' as const, id: caller.userId },
  meta,
});

export const apiKeyEvents = {
  created: (r: ApiKeyRecord, caller: ApiKeyCaller, meta?: RequestMeta): DomainEvent =>
    domainEvent(Events.apiKeyCreated, {
      ...about(r, caller, meta),
      data: { apiKeyId: r.id, name: r.name, environment: r.environment, scopes: r.scopes },
    }),
  revoked: (r: ApiKeyRecord, caller: ApiKeyCaller, meta?: RequestMeta): DomainEvent =>
    domainEvent(Events.apiKeyRevoked, { ...about(r, caller, meta), data: { apiKeyId: r.id, name: r.name } }),
  rolled: (r: ApiKeyRecord, previousSecretExpiresAt: Date, caller: ApiKeyCaller, meta?: RequestMeta): DomainEvent =>
    domainEvent(Events.apiKeyRolled, {
      ...about(r, caller, meta),
      data: { apiKeyId: r.id, name: r.name, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() },
    }),
};
