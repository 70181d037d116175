import { Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { JwkSet, TokenPatterns } from '@portcullis/contracts';
import { createLocalJWKSet, JWTVerifyGetKey } from 'jose';

/**
 * The token app's public keys, held locally so verification needs no network hop. Refetched when a
 * token names an unknown `kid`, when the token app announces a rotation and on a schedule (see
 * JwksReloads), at most once a second so forged kids cannot turn into a flood of bus calls. A
 * reload also drops the keys the token app no longer publishes: a retired key stops verifying
 * once every token it signed has expired.
 */
@Injectable()
export class JwksCache {
  private readonly logger = new Logger('JwksCache');
  private jwks: JwkSet = { keys: [] };
  private getKey: JWTVerifyGetKey = createLocalJWKSet(this.jwks);
  private lastFetch = 0;
  private inFlight?: Promise<void>;

  constructor(private readonly bus: BusClient) {}

  get current(): JwkSet {
    return this.jwks;
  }

  hasKid(kid: string | undefined): boolean {
    return !!kid && this.jwks.keys.some((k) => k.kid === kid);
  }

  keyResolver(): JWTVerifyGetKey {
    return this.getKey;
  }

  /**
   * Loads the set if it is empty or `kid` is unknown. Refetches are spaced at least a second apart:
   * a request that arrives sooner waits for the next fetch (shared by everyone waiting) rather than
   * being refused, so a token signed with a just-rotated key is never rejected.
   */
  async ensure(kid?: string): Promise<void> {
    if (this.jwks.keys.length > 0 && (kid === undefined || this.hasKid(kid))) return;
    await this.reload();
  }

  /** Refetches the set (spaced as above, shared with any fetch in flight); never throws. */
  reload(): Promise<void> {
    this.inFlight ??= this.fetchSpaced().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async fetchSpaced(): Promise<void> {
    const wait = this.lastFetch + 1000 - Date.now();
    if (this.jwks.keys.length > 0 && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await this.fetch();
  }

  private async fetch(): Promise<void> {
    this.lastFetch = Date.now();
    try {
      const jwks = await this.bus.call(TokenPatterns.jwks, {}, { timeoutMs: 2000 });
      this.jwks = jwks;
      this.getKey = createLocalJWKSet(jwks);
    } catch (err) {
      this.logger.warn(`JWKS fetch failed: ${(err as Error).message}`);
    }
  }
}
