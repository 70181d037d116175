import { Injectable } from '@nestjs/common';
import { ApiKeyWithSecret, RollApiKeyRequest } from '@portcullis/contracts';
import { Clock } from '@portcullis/common';
import { rollCutoff } from '../revocation/api-key-session-revocation';
import { RevocationPublisher } from '../revocation/revocation.publisher';
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
 *
 * The access tokens exchanged for the key (`sid` = its id) before the roll end at the roll: a
 * session revocation of the tokens issued at or before it, published after the row (which keeps
 * `rolled_at`, so gateways reloading revocations from PostgreSQL get it back). Within the grace the
 * old secret can still be exchanged, but only for tokens that end with the grace: verification
 * answers a previous secret with its `previousExpiresAt` as `expiresAt`, which the exchange signs
 * as the token's `notAfter`. Tokens of the new secret are untouched.
 *
 * `iat` has whole seconds, so a roll first waits out the rest of its second (up to 1 s; rolls are
 * rare): every token issued before the new secret exists is then in an earlier second than any
 * token issued after, and the cut-off (rollCutoff) ends exactly the former.
 */
@Injectable()
export class RollApiKeyUseCase {
  constructor(
    private readonly access: ApiKeyAccess,
    private readonly keys: ApiKeyRepository,
    private readonly hasher: ApiKeyHasher,
    private readonly notices: ApiKeyRevocations,
    private readonly tokens: RevocationPublisher,
    private readonly clock: Clock,
  ) {}

  async execute(request: RollApiKeyRequest): Promise<ApiKeyWithSecret> {
    const caller = requireCaller(request?.caller);
    const grace = graceSeconds(request.graceSeconds);
    const current = await this.access.require(caller, request.id);
    if (current.revokedAt) throw apiKeyNotFound();
    await this.clock.sleep(1000 - (this.clock.now().getTime() % 1000));
    const now = this.clock.now();
    const previousExpiresAt = new Date(now.getTime() + grace * 1000);
    const { key } = generateApiKey(current.environment, current.lookupId);
    const rolled = await this.keys.roll(
      current.id,
      this.hasher.hash(key),
      previousExpiresAt,
      now,
      apiKeyEvents.rolled(current, previousExpiresAt, caller),
    );
    if (!rolled) throw apiKeyNotFound();
    await this.notices.rolled(current.id, now);
    await this.tokens.revokeSessionIssuedBefore(current.id, rollCutoff(now));
    return { ...toApiKeyDto(rolled), key };
  }
}
