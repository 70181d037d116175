import { Inject, Injectable } from '@nestjs/common';
import { constantTimeEqual, randomToken } from '@portcullis/security';
import { createHmac } from 'crypto';

/** What DeviceTokens signs with, mapped once from the security config. */
export interface DeviceTokenSettings {
  secret: string;
  ttlSeconds: number;
}
export const DEVICE_TOKEN_SETTINGS = Symbol('DEVICE_TOKEN_SETTINGS');

/** Longest token text we look at; anything longer is not ours. */
const MAX_TOKEN = 256;

/**
 * OWASP "device cookies": a token given to a client at a successful login, bound to that one
 * account, that lets the client past a lock the next time (see check-login.use-case.ts). Its form
 * is `<nonce>.<expiry, epoch s>.<HMAC-SHA256(secret, account|nonce|expiry)>`.
 *
 * An HMAC under a security-app secret rather than a JWT from the token app: only the service that
 * issues it ever verifies it, so a public-key signature and a JWKS add nothing; it is checked
 * before every password compare, so it should cost no bus hop; and it must never be mistaken for a
 * bearer credential anywhere else, which a JWT under the access-token keys could be.
 */
@Injectable()
export class DeviceTokens {
  constructor(
    @Inject(DEVICE_TOKEN_SETTINGS) private readonly settings: DeviceTokenSettings,
    private readonly now: () => number = Date.now,
  ) {}

  get ttlSeconds(): number {
    return this.settings.ttlSeconds;
  }

  issue(account: string): string {
    const nonce = randomToken(16);
    const expires = Math.floor(this.now() / 1000) + this.settings.ttlSeconds;
    return `${nonce}.${expires}.${this.sign(account, nonce, expires)}`;
  }

  /**
   * The counter a valid token's failures count against (`device:<nonce>`), or undefined when the
   * token is missing, malformed, expired, forged or another account's.
   */
  counterOf(account: string, token: string | undefined): string | undefined {
    if (!token || token.length > MAX_TOKEN) return undefined;
    const [nonce, expiresText, signature, ...rest] = token.split('.');
    const expires = Number(expiresText);
    if (rest.length || !nonce || !signature || !Number.isSafeInteger(expires)) return undefined;
    if (expires * 1000 <= this.now()) return undefined;
    return constantTimeEqual(signature, this.sign(account, nonce, expires)) ? `device:${nonce}` : undefined;
  }

  private sign(account: string, nonce: string, expires: number): string {
    return createHmac('sha256', this.settings.secret).update(`${account}|${nonce}|${expires}`).digest('base64url');
  }
}
