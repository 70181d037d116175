import { OAuthError } from './oauth-error';
import { parseTokenExchange, TOKEN_EXCHANGE_GRANT } from './token-exchange-request';

const base = {
  grant_type: TOKEN_EXCHANGE_GRANT,
  subject_token: 'a.b.c',
  subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
};
const error = (body: unknown) => {
  try {
    parseTokenExchange(body);
  } catch (err) {
    return (err as OAuthError).error;
  }
  return 'none';
};

describe('parseTokenExchange (RFC 8693 §2.1)', () => {
  it('reads the form, splitting scope on spaces and ignoring parameters it does not know', () => {
    expect(
      parseTokenExchange({ ...base, scope: 'file:read  test:run', agent_type: 'test-engineer', client_id: 'cli' }),
    ).toEqual({
      subjectToken: 'a.b.c',
      scope: ['file:read', 'test:run'],
      agentType: 'test-engineer',
      audience: undefined,
    });
  });

  it('answers in OAuth terms: unsupported_grant_type, invalid_request for missing or repeated parameters', () => {
    expect(error({ ...base, grant_type: 'password' })).toBe('unsupported_grant_type');
    expect(error({ ...base, subject_token: undefined })).toBe('invalid_request');
    expect(error({ ...base, subject_token_type: 'urn:x' })).toBe('invalid_request');
    expect(error({ ...base, scope: ['a', 'b'] })).toBe('invalid_request');
    expect(error(undefined)).toBe('invalid_request');
  });
});
