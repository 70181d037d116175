/** What the gateway's API-key handling needs, in domain units, mapped once from the validated config. */
export interface GatewayApiKeySettings {
  redisPrefix: string;
  /** How long a verification is reused without asking the token app (notices drop it sooner). */
  freshSeconds: number;
  /** How long after its last verification a key keeps working from cache while the token or user app is down. */
  staleToleranceSeconds: number;
  /** Verifications kept in memory. */
  cacheSize: number;
  /** How long one verification may wait on the bus before the stale cache is consulted. */
  verifyTimeoutMs: number;
  /** How long the breaker stays open before a probe goes through. */
  breakerResetMs: number;
}

export const GATEWAY_API_KEY_SETTINGS = Symbol('GATEWAY_API_KEY_SETTINGS');
