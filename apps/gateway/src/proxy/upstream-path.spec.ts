import { safeTail, splitProxyTarget, upstreamPathOf } from './upstream-path';

describe('upstream path joining', () => {
  it('appends the tail and the query to the base path, byte for byte', () => {
    expect(upstreamPathOf('/v2', '/users/42', '?q=a%20b&x')).toBe('/v2/users/42?q=a%20b&x');
    expect(upstreamPathOf('', '/users/', '')).toBe('/users/');
    expect(upstreamPathOf('', '', '?a=1')).toBe('/?a=1');
    expect(upstreamPathOf('/v2', '', '')).toBe('/v2');
    expect(upstreamPathOf('/v2', '/', '')).toBe('/v2/');
  });

  it('keeps percent-encoded characters other than separators and unreserved ones as they came', () => {
    expect(upstreamPathOf('/b', '/a%20b/%C3%A9', '')).toBe('/b/a%20b/%C3%A9');
  });

  it('decodes escaped unreserved characters, so the route table sees what the upstream will (RFC 3986 §6.2.2)', () => {
    expect(safeTail('/%61dmin/users')).toBe('/admin/users');
    expect(safeTail('/%41dmin')).toBe('/Admin');
    expect(safeTail('/%7E/%7euser')).toBe('/~/~user');
    expect(safeTail('/a%2Db%5fc%2e%30')).toBe('/a-b_c.0');
    expect(upstreamPathOf('/v2', safeTail('/%61dmin/'), '?x=%61')).toBe('/v2/admin/?x=%61');
  });

  it('upper-cases the hex of every other escape, and never decodes twice', () => {
    expect(safeTail('/caf%c3%a9/%e2%82%ac')).toBe('/caf%C3%A9/%E2%82%AC');
    expect(safeTail('/a%20b%3a')).toBe('/a%20b%3A');
    expect(safeTail('/%2561dmin')).toBe('/%2561dmin');
  });

  it('gives back its own output unchanged', () => {
    const once = safeTail('/%61dmin/caf%c3%a9/%7e/');
    expect(safeTail(once)).toBe(once);
  });

  it.each(['/%zz', '/a%4', '/a/%', '/%4g/x', '/%%41', '/x%'])('refuses the malformed escape in %s', (tail) => {
    expect(() => safeTail(tail)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: { errors: [expect.objectContaining({ field: 'path' })] },
      }),
    );
  });

  it('collapses empty segments, so //host stays a path on the same upstream', () => {
    expect(safeTail('//evil.example/x')).toBe('/evil.example/x');
    expect(upstreamPathOf('/base', safeTail('//evil.example'), '')).toBe('/base/evil.example');
  });

  it.each([
    '/..',
    '/../admin',
    '/a/../../b',
    '/%2e%2e/x',
    '/%2E%2E',
    '/%2E%2e',
    '/.%2e/x',
    '/.%2E',
    '/%2e./x',
    '/./x',
    '/%2e',
  ])('refuses the dot segment in %s', (tail) => {
    expect(() => safeTail(tail)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it.each(['/a%2f..%2fb', '/a%2F', '/%2F', '/a%5c..', '/a%5C', '/a\\..\\b'])(
    'refuses the encoded or back-slash separator in %s',
    (tail) => {
      expect(() => safeTail(tail)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    },
  );

  it.each(['/..;/admin', '/a/..;x/b', '/admin;x/secret', '/%2e%2e;/x', '/a;'])(
    'refuses the ; path parameter in %s (servlet containers strip it before routing)',
    (tail) => {
      expect(() => safeTail(tail)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    },
  );

  it.each([
    '/users/42#/avatar',
    '/a#',
    '/a b',
    '/a"b',
    '/<script>',
    '/a|b',
    '/a^b',
    '/a`b',
    '/a{b}',
    '/a[0]',
    '/caf\u00e9',
  ])('refuses the raw character that is no path character in %s (a # would end the path upstream)', (tail) => {
    expect(() => safeTail(tail)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('accepts every path character RFC 3986 allows, and escapes of the others', () => {
    const tail = "/a-z.0_9~/!$&'()*+,=:@/users/42%23/avatar/caf%C3%A9";
    expect(safeTail(tail)).toBe(tail);
  });

  it('accepts segments that merely contain dots', () => {
    expect(safeTail('/file..txt/.well-known/...')).toBe('/file..txt/.well-known/...');
  });

  it('splits the raw target after the prefix and the API id', () => {
    const prefix = '/api/v1/proxy/'.length;
    expect(splitProxyTarget('/api/v1/proxy/abc/x/y?z=1', prefix)).toEqual({ tail: '/x/y', query: '?z=1' });
    expect(splitProxyTarget('/api/v1/proxy/abc?z=1', prefix)).toEqual({ tail: '', query: '?z=1' });
    expect(splitProxyTarget('/api/v1/proxy/abc/', prefix)).toEqual({ tail: '/', query: '' });
  });
});
