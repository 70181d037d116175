import { FastifyRequest } from 'fastify';
import { isCrossSite } from './same-origin';

const request = (headers: Record<string, string>): FastifyRequest =>
  ({ method: 'POST', headers: { host: 'gw.example:3000', ...headers } }) as unknown as FastifyRequest;

describe('isCrossSite (dashboard writes and sign-in)', () => {
  it("trusts the browser's own Sec-Fetch-Site: same-origin, even with `Origin: null` (no-referrer pages)", () => {
    expect(isCrossSite(request({ 'sec-fetch-site': 'same-origin', origin: 'null' }), true)).toBe(false);
  });

  it('refuses another site, whether the browser says so or the Origin does', () => {
    expect(isCrossSite(request({ 'sec-fetch-site': 'cross-site', origin: 'http://gw.example:3000' }), true)).toBe(true);
    expect(isCrossSite(request({ 'sec-fetch-site': 'same-site' }), false)).toBe(true);
    expect(isCrossSite(request({ origin: 'https://evil.example' }), false)).toBe(true);
    expect(isCrossSite(request({ origin: 'null' }), false)).toBe(true);
  });

  it('accepts a matching Origin, and a tool without one unless it rides on the cookie', () => {
    expect(isCrossSite(request({ origin: 'http://gw.example:3000' }), true)).toBe(false);
    expect(isCrossSite(request({}), false)).toBe(false);
    expect(isCrossSite(request({}), true)).toBe(true);
  });
});
