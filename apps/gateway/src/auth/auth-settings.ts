/** What the gateway needs to verify access tokens; provided from config. */
export interface AuthSettings {
  issuer: string;
  audience: string;
  tokenCacheSize: number;
  redisPrefix: string;
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');
