import { Injectable } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { ErrorCode, ExchangeApiKeyReply, ExchangeApiKeyRequest } from '@portcullis/contracts';
import { SignAccessUseCase } from '../access-tokens/sign-access.use-case';
import { VerifyApiKeyUseCase } from './verify-api-key.use-case';

/** What the owner must hold for `/tokens` to turn one of their keys into a user access token. */
const EXCHANGE_PERMISSION = 'tokens:exchange';

/**
 * `POST /tokens`: an API key for a short-lived access token of its owner. The token's `scope`
 * claim carries the key's effective scopes (the gateway treats them as a ceiling over the owner's
 * permissions); its `sid` is the key id, so revoking the key revokes these tokens like a session,
 * and the gateway charges its requests to the key's own rate limit and quota (`key_limits`), not to
 * the owner's tier; and it never outlives the key string it was exchanged for, nor a roll after
 * the key was read (`key_gen`, see RollApiKeyUseCase).
 */
@Injectable()
export class ExchangeApiKeyUseCase {
  constructor(
    private readonly verify: VerifyApiKeyUseCase,
    private readonly signAccess: SignAccessUseCase,
  ) {}

  async execute(request: ExchangeApiKeyRequest): Promise<ExchangeApiKeyReply> {
    const { reply: key, secretSince, ownerPermissions } = await this.verify.verified({ key: request?.key });
    // The owner's own permission, as verification read it, whatever the key's scopes.
    if (!ownerPermissions.includes(EXCHANGE_PERMISSION))
      throw new AppError(ErrorCode.AUTH_FORBIDDEN, 'This account may not exchange API keys for access tokens', {
        missing: [EXCHANGE_PERMISSION],
      });
    const signed = await this.signAccess.execute({
      userId: key.ownerId,
      roles: key.roles,
      sessionId: key.keyId,
      scope: key.scopes,
      keyLimits: { rateLimit: key.rateLimit, quota: key.quota },
      keyGeneration: secretSince,
      ...(key.expiresAt === null ? {} : { notAfter: key.expiresAt }),
    });
    return {
      accessToken: signed.accessToken,
      tokenType: 'Bearer',
      expiresIn: signed.expiresIn,
      scope: key.scopes.join(' '),
    };
  }
}
