export interface OAuthSettings {
  issuer: string;
  /** The only `audience` a token exchange may name (our own). */
  audience: string;
}

export const OAUTH_SETTINGS = Symbol('OAUTH_SETTINGS');
