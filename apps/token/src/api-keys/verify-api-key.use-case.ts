import { Injectable } from '@nestjs/common';
import { AppError, Clock, epochSeconds } from '@portcullis/common';
import { ErrorCode, VerifyApiKeyReply, VerifyApiKeyRequest } from '@portcullis/contracts';
import { MAX_API_KEY_LENGTH, parseApiKey } from './api-key-format';
import { ApiKeyHasher } from './api-key-hasher';
import { ApiKeyUsage } from './api-key-usage';
import { ApiKeyRecord, ApiKeyRepository } from './api-key.repository';
import { OwnerPermissions } from './owner-permissions';

export const invalidApiKey = () => new AppError(ErrorCode.AUTH_INVALID_API_KEY, 'Invalid API key');

/** A verified key; when (epoch s) its current secret became current (what an exchange signs as `key_gen`); its owner's permissions. */
export interface VerifiedApiKey {
  reply: VerifyApiKeyReply;
  secretSince: number;
  /** The owner's permissions as this verification read them (the key's scopes are cut to them). */
  ownerPermissions: string[];
}

/** No lookup id has this shape (they are base62), so a malformed key still makes the same probe. */
const NO_SUCH_LOOKUP_ID = '-'.repeat(12);

/**
 * Checks a presented key. Malformed, unknown, revoked and expired keys fail alike and do the same
 * work first (one index probe, one HMAC, two constant-time compares), so neither the answer nor
 * its timing tells them apart. A good key's scopes are cut down to what its owner holds now.
 */
@Injectable()
export class VerifyApiKeyUseCase {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly hasher: ApiKeyHasher,
    private readonly owners: OwnerPermissions,
    private readonly usage: ApiKeyUsage,
    private readonly clock: Clock,
  ) {}

  async execute(request: VerifyApiKeyRequest): Promise<VerifyApiKeyReply> {
    return (await this.verified(request)).reply;
  }

  /**
   * As `execute`, with the time the key's current secret took over, read in the same row as the
   * secrets: a roll committed after this read moves it on, so a token signed from this answer is
   * one the roll cuts off. A previous secret in its grace gets the current secret's time too: its
   * tokens end with the grace (their `expiresAt`), and the roll that started the grace must not
   * end them.
   */
  async verified(request: VerifyApiKeyRequest): Promise<VerifiedApiKey> {
    const presented = typeof request?.key === 'string' ? request.key.slice(0, MAX_API_KEY_LENGTH + 1) : '';
    const parsed = parseApiKey(presented);
    const record = await this.keys.findByLookupId(parsed?.lookupId ?? NO_SUCH_LOOKUP_ID);
    const now = this.clock.now();
    const slot = this.hasher.match(presented, [record?.hash ?? null, record?.previousHash ?? null]);
    const until = record && slot !== -1 ? secretEnd(record, slot) : null;
    const usable =
      record &&
      parsed &&
      slot !== -1 &&
      !record.revokedAt &&
      record.environment === parsed.environment &&
      (!until || until > now);
    if (!usable) throw invalidApiKey();
    const owner = await this.owners.of(record.ownerUserId);
    if (!owner) throw invalidApiKey();
    this.usage.record(record.id, now);
    const held = new Set(owner.permissions);
    const reply: VerifyApiKeyReply = {
      keyId: record.id,
      ownerId: record.ownerUserId,
      environment: record.environment,
      scopes: record.scopes.filter((scope) => held.has(scope)),
      roles: owner.roles,
      rateLimit: record.rateLimit,
      quota: record.quota,
      expiresAt: until ? epochSeconds(until) : null,
    };
    return {
      reply,
      secretSince: epochSeconds(record.rolledAt ?? record.createdAt),
      ownerPermissions: owner.permissions,
    };
  }
}

/** When the matched secret stops working: the key's expiry, and for a previous secret its grace end. */
function secretEnd(record: ApiKeyRecord, slot: number): Date | null {
  const ends = [record.expiresAt, slot === 1 ? (record.previousExpiresAt ?? new Date(0)) : null].filter(
    (d): d is Date => d !== null,
  );
  return ends.length ? new Date(Math.min(...ends.map((d) => d.getTime()))) : null;
}
