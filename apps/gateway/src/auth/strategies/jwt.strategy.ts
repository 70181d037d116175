import { Injectable } from '@nestjs/common';
import { MaybePromise } from '@portcullis/common';
import { UserPrincipal } from '@portcullis/contracts';
import { AccessTokenVerifier } from '../access-token.verifier';
import { bearerToken } from './bearer-token';
import { GatewayStrategy, unlessWrongKind, Validated } from './gateway-strategy';
import { ABSENT, JWT_STRATEGY } from './strategy-names';

/**
 * `jwt`: a user access token in `Authorization: Bearer`. A passport-custom strategy around
 * passport-jwt's extractor and our AccessTokenVerifier rather than passport-jwt's Strategy, because
 * passport-jwt always runs `jsonwebtoken.verify` (RSA) before its callback, so the verified-token
 * L1 cache could not sit in front of it; here a repeated token costs a map look-up and the
 * revocation check, answered synchronously. The verifier still resolves the RS256 key from the
 * JwksCache by `kid`.
 */
@Injectable()
export class JwtStrategy extends GatewayStrategy<UserPrincipal> {
  constructor(private readonly verifier: AccessTokenVerifier) {
    super(JWT_STRATEGY);
  }

  validate(request: unknown): MaybePromise<Validated<UserPrincipal>> {
    const token = bearerToken(request);
    if (!token) return [false, ABSENT];
    return unlessWrongKind(() => this.verifier.verify(token));
  }
}
