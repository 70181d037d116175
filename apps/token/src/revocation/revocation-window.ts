import { longestTokenSeconds } from '../config/longest-token';
import { TokenSettings } from '../config/token.config';

/**
 * A revocation outlives the longest access token by this much, covering a token signed for the
 * session a moment after it was revoked (auth rotates, then signs, in two calls) and clock skew.
 */
const REVOCATION_MARGIN_SECONDS = 30;

/**
 * How long a session's or user's revocation stays in force: as long as a token issued when it was
 * made could live. It covers agent tokens too (they carry the session's `sid` and the person),
 * which live up to AGENT_TOKEN_MAX_TTL_SECONDS: ending it with the access tokens' 15 minutes would
 * let an agent token the agent app had not revoked (one minted while the session ended, say) come
 * back for the rest of its hour.
 */
export function revocationLifetimeSeconds(settings: Pick<TokenSettings, 'accessTokenTtlSeconds'>): number {
  return longestTokenSeconds(settings) + REVOCATION_MARGIN_SECONDS;
}

/**
 * Until when (epoch seconds) a denied `jti` (one access token's) stays denied: its token's own expiry
 * when the caller knows it, capped at the longest access-token lifetime (no access token outlives
 * that); null when it has expired already and there is nothing left to deny.
 */
export function jtiDeniedUntil(
  nowSeconds: number,
  settings: Pick<TokenSettings, 'accessTokenTtlSeconds'>,
  expiresAt?: number,
): number | null {
  const until = Math.ceil(
    Math.min(
      nowSeconds + settings.accessTokenTtlSeconds + REVOCATION_MARGIN_SECONDS,
      expiresAt ?? Number.POSITIVE_INFINITY,
    ),
  );
  return until > nowSeconds ? until : null;
}
