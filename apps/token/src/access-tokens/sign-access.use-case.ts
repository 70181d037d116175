import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Clock, epochSeconds } from '@portcullis/common';
import { TOKEN_SETTINGS, TokenSettings } from '../config/token.config';
import { ActiveSigningKey } from '../signing-keys/active-signing-key';
import { KeyCrypto } from '../signing-keys/key-crypto';

export interface AccessTokenSubject {
  userId: string;
  roles: string[];
  sessionId: string;
  /**
   * Permissions this token is limited to (API-key exchange), signed as the space-separated `scope`
   * claim; absent, the token carries the owner's roles' permissions, as a login's does.
   */
  scope?: string[];
  /** Epoch seconds the token must not outlive (the API key it was exchanged for). */
  notAfter?: number;
}

export interface SignedAccessToken {
  accessToken: string;
  expiresIn: number;
  jti: string;
  /** Epoch seconds. */
  expiresAt: number;
}

/** Signs an access token with the active key and the claims DESIGN §3 names, nothing more. */
@Injectable()
export class SignAccessUseCase {
  constructor(
    private readonly activeKey: ActiveSigningKey,
    private readonly crypto: KeyCrypto,
    private readonly clock: Clock,
    @Inject(TOKEN_SETTINGS) private readonly settings: TokenSettings,
  ) {}

  async execute(subject: AccessTokenSubject): Promise<SignedAccessToken> {
    const { kid, key } = await this.activeKey.get();
    const iat = epochSeconds(this.clock.now());
    const expiresIn = Math.max(0, Math.min(this.settings.accessTokenTtlSeconds, (subject.notAfter ?? Infinity) - iat));
    const jti = randomUUID();
    const claims = {
      iss: this.settings.issuer,
      aud: this.settings.audience,
      sub: subject.userId,
      jti,
      iat,
      exp: iat + expiresIn,
      roles: subject.roles,
      sid: subject.sessionId,
      ...(subject.scope ? { scope: subject.scope.join(' ') } : {}),
    };
    const accessToken = await this.crypto.signJwt(claims, kid, key);
    return { accessToken, expiresIn, jti, expiresAt: claims.exp };
  }
}
