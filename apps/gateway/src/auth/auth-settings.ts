/** What the gateway needs to verify access tokens; provided from config. */
export interface AuthSettings {
  issuer: string;
  audience: string;
  tokenCacheSize: number;
  redisPrefix: string;
  /** How long a cached `/auth/me` view may live without a change notice; 0 disables the cache. */
  userViewTtlSeconds: number;
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');
