import { Injectable } from '@nestjs/common';
import { AppError, Clock } from '@portcullis/common';
import { ApiKeyCaller, ApiKeyWithSecret, CreateApiKeyRequest, ErrorCode } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { toApiKeyDto } from './api-key-dto';
import { apiKeyEvents } from './api-key-events';
import { generateApiKey } from './api-key-format';
import { ApiKeyHasher } from './api-key-hasher';
import {
  optionalExpiry,
  optionalQuota,
  optionalRateLimit,
  optionalScopes,
  requireCaller,
  requireEnvironment,
  requireName,
} from './api-key-input';
import { ApiKeyRecord, ApiKeyRepository } from './api-key.repository';
import { OwnerPermissions } from './owner-permissions';

/**
 * Issues a key for the caller. Its scopes are a subset of what the caller may do now (all of it
 * when none are named), and of the calling key's scopes when a key asks; the key is returned once,
 * and only its peppered hash is stored.
 */
@Injectable()
export class CreateApiKeyUseCase {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly owners: OwnerPermissions,
    private readonly hasher: ApiKeyHasher,
    private readonly clock: Clock,
  ) {}

  async execute(request: CreateApiKeyRequest): Promise<ApiKeyWithSecret> {
    const caller = requireCaller(request?.caller);
    const now = this.clock.now();
    const environment = requireEnvironment(request.environment);
    const draft = {
      name: requireName(request.name),
      scopes: optionalScopes(request.scopes),
      expiresAt: optionalExpiry(request.expiresAt, now),
      rateLimit: optionalRateLimit(request.rateLimit),
      quota: optionalQuota(request.quota),
    };
    const scopes = await this.grantableScopes(caller, draft.scopes);
    const { key, lookupId } = generateApiKey(environment);
    const record: ApiKeyRecord = {
      ...draft,
      id: randomUUID(),
      ownerUserId: caller.userId,
      environment,
      lookupId,
      hash: this.hasher.hash(key),
      scopes,
      previousHash: null,
      previousExpiresAt: null,
      createdAt: now,
      rolledAt: null,
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.keys.insert(record, apiKeyEvents.created(record, caller));
    return { ...toApiKeyDto(record), key };
  }

  /**
   * The caller's current permissions are the ceiling, cut to the scopes of the key it acts through
   * (a key never mints a wider one); naming anything beyond it is refused by name.
   */
  private async grantableScopes(caller: ApiKeyCaller, requested: string[] | undefined): Promise<string[]> {
    const owner = await this.owners.current(caller.userId);
    if (!owner) throw new AppError(ErrorCode.AUTH_FORBIDDEN, 'This account cannot create API keys');
    const ceiling = caller.scopes ? owner.permissions.filter((p) => caller.scopes!.includes(p)) : owner.permissions;
    if (requested === undefined) return [...ceiling].sort();
    const held = new Set(ceiling);
    const refused = requested.filter((scope) => !held.has(scope));
    if (refused.length > 0) {
      throw new AppError(ErrorCode.API_KEY_SCOPE_FORBIDDEN, `Scopes beyond your permissions: ${refused.join(', ')}`, {
        scopes: refused,
      });
    }
    return requested;
  }
}
