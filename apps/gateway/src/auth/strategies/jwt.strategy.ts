import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { UserPrincipal } from '@portcullis/contracts';
import { Strategy as CustomStrategy } from 'passport-custom';
import { AccessTokenVerifier, WrongTokenKind } from '../access-token.verifier';
import { bearerToken } from './bearer-token';
import { ABSENT, JWT_STRATEGY, StrategyFailure } from './strategy-names';

/**
 * `jwt`: a user access token in `Authorization: Bearer`. A passport-custom strategy around
 * passport-jwt's extractor and our AccessTokenVerifier rather than passport-jwt's Strategy, because
 * passport-jwt always runs `jsonwebtoken.verify` (RSA) before its callback, so the verified-token
 * L1 cache could not sit in front of it; here a repeated token costs a map look-up and the
 * revocation check. The verifier still resolves the RS256 key from the JwksCache by `kid`.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(CustomStrategy, JWT_STRATEGY) {
  constructor(private readonly verifier: AccessTokenVerifier) {
    super();
  }

  async validate(request: unknown): Promise<UserPrincipal | [false, StrategyFailure]> {
    const token = bearerToken(request);
    if (!token) return [false, ABSENT];
    try {
      return await this.verifier.verify(token);
    } catch (err) {
      if (err instanceof WrongTokenKind) return [false, { reason: 'wrong-kind', error: err }];
      throw err;
    }
  }
}
