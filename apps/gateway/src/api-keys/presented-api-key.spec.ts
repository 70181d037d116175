import { FastifyRequest } from 'fastify';
import { presentedApiKey, refuseKeyInQuery } from './presented-api-key';

const KEY = `pk_live_${'A'.repeat(55)}`;
const request = (query: Record<string, unknown>, header?: string) =>
  ({ query, headers: header === undefined ? {} : { 'x-api-key': header } }) as unknown as FastifyRequest;
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string };
  }
  return undefined;
};

describe('presentedApiKey', () => {
  it('reads the X-API-Key header', () => {
    expect(presentedApiKey(request({}, 'k'))).toBe('k');
    expect(presentedApiKey(request({}))).toBeUndefined();
  });

  it('refuses a key-shaped value in the URL under any name, header or not, without echoing it', () => {
    for (const header of [undefined, 'k']) {
      const err = refusal(() => presentedApiKey(request({ q: KEY }, header)));
      expect(err).toMatchObject({ code: 'AUTH_INVALID_API_KEY' });
      expect(err!.message).toContain('q');
      expect(err!.message).not.toContain(KEY);
    }
    expect(refusal(() => presentedApiKey(request({ list: ['x', KEY] }, 'k')))).toMatchObject({
      code: 'AUTH_INVALID_API_KEY',
    });
  });

  it('refuses a key-named parameter from a client with no header, and passes an upstream’s own with one', () => {
    expect(refusal(() => presentedApiKey(request({ api_key: 'anything' })))).toMatchObject({
      code: 'AUTH_INVALID_API_KEY',
    });
    // The proxy: the caller authenticates by header, `?key=` belongs to the upstream's API.
    expect(presentedApiKey(request({ key: 'AIzaSy-upstream-key' }, 'k'))).toBe('k');
  });

  it('refuseKeyInQuery looks at values only', () => {
    expect(() => refuseKeyInQuery(request({ key: 'plain' }))).not.toThrow();
    expect(() => refuseKeyInQuery(request({ key: KEY }))).toThrow();
  });
});
