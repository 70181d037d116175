import { Inject, Injectable } from '@nestjs/common';
import { randomToken, sha256Hex } from '@portcullis/security';
import { TOKEN_SETTINGS, TokenSettings } from '../config/token.config';
import { RefreshTokenRecord } from './session.repository';

export interface IssuedRefreshToken {
  /** Goes to the client once; never stored, logged or put in an event. */
  plaintext: string;
  row: RefreshTokenRecord;
}

/** Refresh tokens are opaque: `rt_` + 32 random bytes, stored only as a SHA-256 lookup hash. */
@Injectable()
export class RefreshTokenFactory {
  constructor(@Inject(TOKEN_SETTINGS) private readonly settings: TokenSettings) {}

  issue(familyId: string, now: Date): IssuedRefreshToken {
    const plaintext = randomToken(32, 'rt_');
    const row: RefreshTokenRecord = {
      tokenHash: sha256Hex(plaintext),
      familyId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.settings.refreshTokenTtlSeconds * 1000),
      spentAt: null,
      successorHash: null,
    };
    return { plaintext, row };
  }
}
