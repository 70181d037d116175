import { AGENT_TOKEN_MAX_TTL_SECONDS } from '@portcullis/contracts';
import { TokenSettings } from './token.config';

/**
 * The longest any token this app signs may live: an agent token's hour (it carries the session's
 * `sid` and the person), or the access tokens' lifetime if that is longer. Revocations and retired
 * signing keys must outlast it.
 */
export const longestTokenSeconds = (settings: Pick<TokenSettings, 'accessTokenTtlSeconds'>): number =>
  Math.max(settings.accessTokenTtlSeconds, AGENT_TOKEN_MAX_TTL_SECONDS);
