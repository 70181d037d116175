import { safeTail, splitProxyTarget, upstreamPathOf } from './upstream-path';

describe('upstream path joining', () => {
  it('appends the tail and the query to the base path, byte for byte', () => {
    expect(upstreamPathOf('/v2', '/users/42', '?q=a%20b&x')).toBe('/v2/users/42?q=a%20b&x');
    expect(upstreamPathOf('', '/users/', '')).toBe('/users/');
    expect(upstreamPathOf('', '', '?a=1')).toBe('/?a=1');
    expect(upstreamPathOf('/v2', '', '')).toBe('/v2');
    expect(upstreamPathOf('/v2', '/', '')).toBe('/v2/');
  });

  it('keeps percent-encoded characters other than separators as they came', () => {
    expect(upstreamPathOf('/b', '/a%20b/%C3%A9', '')).toBe('/b/a%20b/%C3%A9');
  });

  it('collapses empty segments, so //host stays a path on the same upstream', () => {
    expect(safeTail('//evil.example/x')).toBe('/evil.example/x');
    expect(upstreamPathOf('/base', '//evil.example', '')).toBe('/base/evil.example');
  });

  it.each(['/..', '/../admin', '/a/../../b', '/%2e%2e/x', '/%2E%2e', '/.%2e/x', '/%2e./x', '/./x', '/%2e'])(
    'refuses the dot segment in %s',
    (tail) => {
      expect(() => safeTail(tail)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    },
  );

  it.each(['/a%2f..%2fb', '/a%2F', '/a%5c..', '/a\\..\\b'])(
    'refuses the encoded or back-slash separator in %s',
    (tail) => {
      expect(() => safeTail(tail)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    },
  );

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
