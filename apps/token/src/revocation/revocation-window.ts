import { TokenSettings } from '../config/token.config';

/**
 * A revocation outlives the longest access token by this much, covering a token signed for the
 * session a moment after it was revoked (auth rotates, then signs, in two calls) and clock skew.
 */
const REVOCATION_MARGIN_SECONDS = 30;

/** How long a revocation stays in force: as long as an access token issued when it was made could live. */
export function revocationLifetimeSeconds(settings: Pick<TokenSettings, 'accessTokenTtlSeconds'>): number {
  return settings.accessTokenTtlSeconds + REVOCATION_MARGIN_SECONDS;
}

/**
 * Until when (epoch seconds) a denied `jti` stays denied: its token's own expiry when the caller
 * knows it, capped at the longest lifetime (no access token outlives that); null when it has
 * expired already and there is nothing left to deny.
 */
export function jtiDeniedUntil(
  nowSeconds: number,
  settings: Pick<TokenSettings, 'accessTokenTtlSeconds'>,
  expiresAt?: number,
): number | null {
  const until = Math.ceil(
    Math.min(nowSeconds + revocationLifetimeSeconds(settings), expiresAt ?? Number.POSITIVE_INFINITY),
  );
  return until > nowSeconds ? until : null;
}
