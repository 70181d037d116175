import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { ErrorCode, Principal, RoleName } from '@portcullis/contracts';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { jwtVerifyCacheHits } from './auth-metrics';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';
import { isCanonicalCompactJws } from './canonical-jws';
import { JwksCache } from './jwks.cache';
import { RevocationStore } from './revocation.store';

interface AccessClaims extends JWTPayload {
  sid?: string;
  roles?: RoleName[];
}

const unauthenticated = (detail = 'Missing or invalid access token') => new AppError(ErrorCode.AUTH_UNAUTHENTICATED, detail);

/**
 * Verifies access tokens locally: RS256 only (so `alg:none` and HS256-with-the-public-key fail),
 * a known `kid`, the configured `iss`/`aud`, not expired. A verified token is remembered (L1 LRU)
 * until it expires, so repeat requests skip the RSA work; revocation is checked on every request
 * against the in-memory store, never cached.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly verified: LRUCache<string, Principal> | undefined;

  constructor(
    private readonly jwks: JwksCache,
    private readonly revocations: RevocationStore,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {
    this.verified = settings.tokenCacheSize > 0 ? new LRUCache({ max: settings.tokenCacheSize }) : undefined;
  }

  async verify(token: string): Promise<Principal> {
    // Before the cache and jose: one token, one spelling (jose would accept `==` or stray bits).
    if (!isCanonicalCompactJws(token)) throw unauthenticated();
    const cached = this.verified?.get(token);
    if (cached && cached.exp > Date.now() / 1000) {
      jwtVerifyCacheHits().inc();
      return this.unlessRevoked(cached, token);
    }
    const claims = await this.verifySignature(token);
    if (!claims.sub || !claims.sid || !claims.jti || !claims.exp || !Array.isArray(claims.roles)) throw unauthenticated();
    const principal: Principal & { iat?: number } = { userId: claims.sub, sessionId: claims.sid, jti: claims.jti, exp: claims.exp, roles: claims.roles, iat: claims.iat };
    this.verified?.set(token, principal, { ttl: Math.max(1, (claims.exp - Date.now() / 1000) * 1000) });
    return this.unlessRevoked(principal, token);
  }

  private unlessRevoked(principal: Principal & { iat?: number }, token: string): Principal {
    if (this.revocations.isRevoked({ sid: principal.sessionId, jti: principal.jti, sub: principal.userId, iat: principal.iat })) {
      this.verified?.delete(token);
      throw unauthenticated('This token has been revoked');
    }
    return principal;
  }

  private async verifySignature(token: string): Promise<AccessClaims> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw unauthenticated();
    }
    if (!kid) throw unauthenticated();
    await this.jwks.ensure(kid);
    try {
      const { payload } = await jwtVerify<AccessClaims>(token, this.jwks.keyResolver(), {
        algorithms: ['RS256'],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        typ: 'JWT',
        clockTolerance: 5,
      });
      return payload;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw unauthenticated('The access token has expired');
      throw unauthenticated();
    }
  }
}
