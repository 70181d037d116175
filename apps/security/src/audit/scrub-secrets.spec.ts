import { isSecretKey, scrubSecrets } from './scrub-secrets';

describe('scrubSecrets', () => {
  it('drops password, token, secret and hash keys, and their common spellings, at any depth', () => {
    const data = {
      sessionId: 's1',
      password: 'hunter2',
      token: 't',
      secret: 'x',
      hash: 'h',
      nested: { refresh_token: 'r', accessToken: 'a', passwordHash: 'p', clientSecret: 'c', 'X-API-Key': 'k', keep: 1 },
      list: [{ Authorization: 'Bearer t', cookie: 'c', kept: true }],
    };
    expect(scrubSecrets(data)).toEqual({ sessionId: 's1', nested: { keep: 1 }, list: [{ kept: true }] });
    expect(JSON.stringify(scrubSecrets(data))).not.toMatch(/hunter2|Bearer/);
  });

  it('keeps ordinary keys that merely resemble secret ones', () => {
    for (const key of ['tokenType', 'sessionsRevoked', 'kid', 'hashAlgorithm', 'fields', 'lockedForSeconds'])
      expect(isSecretKey(key)).toBe(false);
  });

  it('keeps values in lists: field names are not secrets', () => {
    expect(scrubSecrets({ fields: ['displayName', 'password'] })).toEqual({ fields: ['displayName', 'password'] });
  });

  it('makes strings storable in PostgreSQL: no NUL, no lone surrogate', () => {
    expect(scrubSecrets({ 'k\u0000': 'a\u0000b', s: 'x\ud800y', ok: '😀' })).toEqual({
      k: 'ab',
      s: 'x\ufffdy',
      ok: '😀',
    });
  });

  it('cuts absurdly deep nesting instead of failing the record', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(JSON.stringify(scrubSecrets(deep))).toContain('[truncated]');
  });
});
