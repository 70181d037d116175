import { OAuthError } from './oauth-error';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
const SUBJECT_TOKEN_TYPES: readonly string[] = [ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE];
const MAX_SCOPE_LENGTH = 4096;

export interface TokenExchangeRequest {
  subjectToken: string;
  /** Capabilities; undefined when `scope` was left out (a delegation then keeps the parent's). */
  scope?: string[];
  agentType?: string;
  audience?: string;
}

/**
 * A form-encoded RFC 8693 request (§2.1). Unknown parameters are ignored, as RFC 6749 §3.2 says
 * (client libraries add `client_id` and the like); a parameter sent twice is refused (§3.1).
 */
export function parseTokenExchange(body: unknown): TokenExchangeRequest {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const one = (name: string, required: boolean): string | undefined => {
    const value = form[name];
    if (value === undefined || value === '') {
      if (required) throw new OAuthError('invalid_request', `${name} is required`);
      return undefined;
    }
    if (typeof value !== 'string') throw new OAuthError('invalid_request', `${name} must be sent once, as a string`);
    return value;
  };
  const grantType = one('grant_type', true)!;
  if (grantType !== TOKEN_EXCHANGE_GRANT)
    throw new OAuthError('unsupported_grant_type', `Only ${TOKEN_EXCHANGE_GRANT} is supported here`);
  const subjectToken = one('subject_token', true)!;
  const subjectTokenType = one('subject_token_type', true)!;
  if (!SUBJECT_TOKEN_TYPES.includes(subjectTokenType))
    throw new OAuthError('invalid_request', `subject_token_type must be ${SUBJECT_TOKEN_TYPES.join(' or ')}`);
  if (one('actor_token', false) !== undefined)
    throw new OAuthError('invalid_request', 'actor_token is not supported: the subject_token names the actor');
  const requestedType = one('requested_token_type', false);
  if (requestedType !== undefined && !SUBJECT_TOKEN_TYPES.includes(requestedType))
    throw new OAuthError('invalid_request', `requested_token_type must be ${SUBJECT_TOKEN_TYPES.join(' or ')}`);
  const rawScope = one('scope', false);
  if (rawScope !== undefined && rawScope.length > MAX_SCOPE_LENGTH)
    throw new OAuthError('invalid_scope', 'scope is too long');
  const scope = rawScope?.split(' ').filter((s) => s.length > 0);
  return { subjectToken, scope, agentType: one('agent_type', false), audience: one('audience', false) };
}
