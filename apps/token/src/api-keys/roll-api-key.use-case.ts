import { Injectable } from '@nestjs/common';
import { ApiKeyWithSecret, RollApiKeyRequest } from '@portcullis/contracts';
import { Clock } from '@portcullis/common';
import { ApiKeyAccess, apiKeyNotFound } from './api-key-access';
import { toApiKeyDto } from './api-key-dto';
import { apiKeyEvents } from './api-key-events';
import { generateApiKey } from './api-key-format';
import { ApiKeyHasher } from './api-key-hasher';
import { graceSeconds, requireCaller } from './api-key-input';
import { ApiKeyRevocations } from './api-key-revocations';
import { ApiKeyRepository } from './api-key.repository';

/**
 * A new secret for the same key (same id, lookup id, scopes and limits). The old secret keeps
 * working for `graceSeconds` (default 0: at once not), so clients can be redeployed without a gap.
 */
@Injectable()
export class RollApiKeyUseCase {
  constructor(
    private readonly access: ApiKeyAccess,
    private readonly keys: ApiKeyRepository,
    private readonly hasher: ApiKeyHasher,
    private readonly notices: ApiKeyRevocations,
    private readonly clock: Clock,
  ) {}

  async execute(request: RollApiKeyRequest): Promise<ApiKeyWithSecret> {
    const caller = requireCaller(request?.caller);
    const grace = graceSeconds(request.graceSeconds);
    const current = await this.access.require(caller, request.id);
    if (current.revokedAt) throw apiKeyNotFound();
    const now = this.clock.now();
    const previousExpiresAt = new Date(now.getTime() + grace * 1000);
    const { key } = generateApiKey(current.environment, current.lookupId);
    const rolled = await this.keys.roll(
      current.id,
      this.hasher.hash(key),
      previousExpiresAt,
      apiKeyEvents.rolled(current, previousExpiresAt, caller),
    );
    if (!rolled) throw apiKeyNotFound();
    await this.notices.rolled(current.id, now);
    return { ...toApiKeyDto(rolled), key };
  }
}
