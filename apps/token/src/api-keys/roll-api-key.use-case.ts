import { Injectable } from '@nestjs/common';
import { ApiKeyCaller, ApiKeyWithSecret, ErrorCode, RollApiKeyRequest } from '@portcullis/contracts';
import { AppError, Clock } from '@portcullis/common';
import { rollCutoff } from '../revocation/api-key-session-revocation';
import { RevocationPublisher } from '../revocation/revocation.publisher';
import { ApiKeyAccess, apiKeyNotFound } from './api-key-access';
import { toApiKeyDto } from './api-key-dto';
import { apiKeyEvents } from './api-key-events';
import { generateApiKey } from './api-key-format';
import { ApiKeyHasher } from './api-key-hasher';
import { graceSeconds, requireCaller } from './api-key-input';
import { ApiKeyRevocations } from './api-key-revocations';
import { ApiKeyRecord, ApiKeyRepository } from './api-key.repository';

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
 * The cut-off is compared with each token's `key_gen`: when the secret it was exchanged for became
 * current, read in the same row as the secret. An exchange that read the key before the roll
 * therefore carries the old secret's time however late it signs, and the roll ends it (its `iat`
 * alone would not: it may sign after the roll). Times are whole seconds, so a roll first waits out
 * the rest of its second (up to 1 s; rolls are rare), and the repository keeps each roll at least a
 * second after the one before: every secret then starts in a second of its own, and the cut-off
 * (rollCutoff) ends exactly the secrets before the new one. Tokens without `key_gen` (signed before
 * it existed) are compared by `iat`, as they were.
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
    // Its owner's alone: the new secret is the owner's credential, and an admin holding it would act
    // as them (as anyone who outranks the admin, too). Admins list and revoke others' keys; no more.
    if (current.revokedAt || current.ownerUserId !== caller.userId) throw apiKeyNotFound();
    refuseWiderThanCaller(caller, current);
    const now = await untilNextSecond(this.clock);
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
    // The roll's time as stored: a racing roll may have moved it a second on.
    const rolledAt = rolled.rolledAt ?? now;
    await this.notices.rolled(current.id, rolledAt);
    await this.tokens.revokeSessionIssuedBefore(current.id, rollCutoff(rolledAt));
    return { ...toApiKeyDto(rolled), key };
  }
}

/**
 * A roll hands out the key's new secret, so a caller acting through a key (its scopes the ceiling)
 * may roll only a key no wider than itself: otherwise a key scoped to `api-keys:write` could roll a
 * sibling with every permission and take its secret, as create refuses to mint one.
 */
function refuseWiderThanCaller(caller: ApiKeyCaller, target: ApiKeyRecord): void {
  if (!caller.scopes) return;
  const held = new Set(caller.scopes);
  const wider = target.scopes.filter((scope) => !held.has(scope));
  if (wider.length > 0)
    throw new AppError(ErrorCode.API_KEY_SCOPE_FORBIDDEN, `This key holds scopes beyond yours: ${wider.join(', ')}`, {
      scopes: wider,
    });
}

/**
 * Waits until the clock reads a later second than when called, and returns that reading. One timer
 * is not enough: Node times it on the event loop's cached monotonic clock, so under load it can
 * fire a few milliseconds early by the wall clock, and a roll still in the old second would leave
 * the tokens exchanged in that second alive (its cut-off is the second before its own).
 */
async function untilNextSecond(clock: Clock): Promise<Date> {
  let now = clock.now();
  const second = Math.floor(now.getTime() / 1000);
  while (Math.floor(now.getTime() / 1000) === second) {
    await clock.sleep(1000 - (now.getTime() % 1000));
    now = clock.now();
  }
  return now;
}
