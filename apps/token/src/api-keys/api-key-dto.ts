import { ApiKeyDto } from '@portcullis/contracts';
import { displayPrefix } from './api-key-format';
import { ApiKeyRecord } from './api-key.repository';

/** What an owner may see of a key: never its hash (nor, outside create and roll, the key). */
export function toApiKeyDto(r: ApiKeyRecord): ApiKeyDto {
  return {
    id: r.id,
    ownerUserId: r.ownerUserId,
    name: r.name,
    environment: r.environment,
    prefix: displayPrefix(r.environment, r.lookupId),
    scopes: r.scopes,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    rateLimit: r.rateLimit,
    quota: r.quota,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    previousSecretExpiresAt: r.previousHash ? (r.previousExpiresAt?.toISOString() ?? null) : null,
  };
}
