import { Injectable } from '@nestjs/common';
import { andThen, AppError, markAnswerDegraded, MaybePromise } from '@portcullis/common';
import { ApiKeyPrincipal, ErrorCode } from '@portcullis/contracts';
import { FastifyRequest } from 'fastify';
import { ApiKeyVerifier, VerifiedApiKey } from '../../api-keys/api-key-verifier';
import { presentedApiKey } from '../../api-keys/presented-api-key';
import { GatewayStrategy, Validated } from './gateway-strategy';
import { ABSENT, API_KEY_STRATEGY } from './strategy-names';

export const API_KEY_HEADER = 'x-api-key';
/** No key we issue is this long; anything longer is refused before any hashing or bus call. */
const MAX_KEY_LENGTH = 256;

/**
 * `api-key`: an `X-API-Key` header (a key in the query string is refused: it has leaked), verified
 * by ApiKeyVerifier — a cached verification when fresh, else the token app through a circuit
 * breaker, else (token or user app down) a verification from the last STALE_TOLERANCE_SECONDS,
 * which marks the answer `X-Portcullis-Degraded: stale-cache`. Revocations and rolls reach the
 * verifier's cache on every replica through the `api-key-revocations` broadcast.
 */
@Injectable()
export class ApiKeyStrategy extends GatewayStrategy<ApiKeyPrincipal> {
  /** One principal per verification the verifier hands out again (a fresh cache hit, as most uses are). */
  private readonly principals = new WeakMap<VerifiedApiKey, ApiKeyPrincipal>();

  constructor(private readonly verifier: ApiKeyVerifier) {
    super(API_KEY_STRATEGY);
  }

  validate(request: FastifyRequest): MaybePromise<Validated<ApiKeyPrincipal>> {
    const key = presentedApiKey(request);
    if (key === undefined) return [false, ABSENT];
    if (key.length > MAX_KEY_LENGTH) throw new AppError(ErrorCode.AUTH_INVALID_API_KEY, 'Invalid API key');
    return andThen(this.verifier.verify(key), this.principalOf);
  }

  private readonly principalOf = (verified: VerifiedApiKey): ApiKeyPrincipal => {
    // Answered from the cache while the token app is unreachable: the response says so (onSend hook).
    if (verified.degraded) {
      markAnswerDegraded();
      return principalFrom(verified);
    }
    let principal = this.principals.get(verified);
    // Frozen: every request of this key shares it.
    if (!principal) this.principals.set(verified, (principal = Object.freeze(principalFrom(verified))));
    return principal;
  };
}

function principalFrom(verified: VerifiedApiKey): ApiKeyPrincipal {
  return {
    kind: 'api-key',
    keyId: verified.keyId,
    userId: verified.ownerId,
    scopes: verified.scopes,
    ...(verified.expiresAt === null ? {} : { exp: verified.expiresAt }),
    rateLimit: verified.rateLimit,
    quota: verified.quota,
  };
}
