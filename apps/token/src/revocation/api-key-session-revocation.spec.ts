import { apiKeySessionRevocation } from './api-key-session-revocation';

describe('apiKeySessionRevocation', () => {
  const at = new Date('2026-01-01T00:00:00.400Z');
  const second = at.getTime() / 1000 - 0.4;

  it('ends every token of a revoked key, rolled or not, until one issued then would have expired', () => {
    expect(apiKeySessionRevocation({ id: 'k', revokedAt: at, rolledAt: new Date(0) }, 930)).toEqual({
      kind: 'session',
      sessionId: 'k',
      until: second + 1 + 930,
    });
  });

  it('ends the tokens of a rolled key issued before the roll’s second (`iat` is whole seconds; a roll starts one)', () => {
    expect(apiKeySessionRevocation({ id: 'k', revokedAt: null, rolledAt: at }, 930)).toEqual({
      kind: 'session',
      sessionId: 'k',
      issuedBefore: second - 1,
      until: second + 1 + 930,
    });
  });

  it('refuses a key that has not ended', () => {
    expect(() => apiKeySessionRevocation({ id: 'k', revokedAt: null, rolledAt: null }, 930)).toThrow();
  });
});
