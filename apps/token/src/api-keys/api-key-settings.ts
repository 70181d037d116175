import { TokenConfig } from '../config/token.config';

/** What the API-key use cases need, in domain units, mapped once from the validated config. */
export interface ApiKeySettings {
  /** Server-side secret of every stored hash; never logged. */
  pepper: string;
  /** How long an owner's roles and permissions are reused (a user-changed notice drops them at once). */
  ownerCacheTtlMs: number;
  /** How often recorded uses are written as `last_used_at`. */
  lastUsedFlushMs: number;
  /**
   * How long a revocation notice stays in Redis for gateways that reconnect: a gateway must not
   * keep an API-key verification cached longer than this.
   */
  revocationNoticeSeconds: number;
}

export const API_KEY_SETTINGS = Symbol('API_KEY_SETTINGS');

export function apiKeySettingsFrom(
  config: Pick<TokenConfig, 'API_KEY_PEPPER' | 'API_KEY_OWNER_CACHE_SECONDS' | 'API_KEY_LAST_USED_FLUSH_MS'>,
): ApiKeySettings {
  return {
    pepper: config.API_KEY_PEPPER,
    ownerCacheTtlMs: config.API_KEY_OWNER_CACHE_SECONDS * 1000,
    lastUsedFlushMs: config.API_KEY_LAST_USED_FLUSH_MS,
    revocationNoticeSeconds: 86_400,
  };
}
