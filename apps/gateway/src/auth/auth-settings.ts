/** What the gateway needs to verify access tokens; provided from config. */
export interface AuthSettings {
  issuer: string;
  audience: string;
  tokenCacheSize: number;
  redisPrefix: string;
  /** How long a cached `/auth/me` view may live without a change notice; 0 disables the cache. */
  userViewTtlSeconds: number;
  /**
   * How long after its load a view still serves, marked degraded, while the user app is unreachable
   * (STALE_TOLERANCE_SECONDS); absent or 0, never. Needs the view cache on (userViewTtlSeconds > 0).
   */
  staleToleranceSeconds?: number;
  /** How often the JWKS is reloaded besides on rotation notices (JWKS_REFRESH_SECONDS); absent, a minute. */
  jwksRefreshSeconds?: number;
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

/**
 * How far past its `exp` a token is still accepted (clock skew between issuer and gateways). The
 * revocation store keeps every revocation this long past its `until` too, since a revocation ends
 * exactly when its token would have expired.
 */
export const CLOCK_TOLERANCE_SECONDS = 5;
