import { FastifyRequest } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isMutating = (request: FastifyRequest): boolean => !SAFE_METHODS.has(request.method);

/**
 * Whether a state-changing request may have come from another site's page (CSRF). The `Origin`
 * a browser sends must name this host; `Sec-Fetch-Site`, when sent, must say same-origin. With no
 * `Origin` at all the request came from a tool, not a page — unless it carries the dashboard
 * cookie, which browsers attach by themselves: then an `Origin` is required (every current browser
 * sends one on a POST, PUT, PATCH or DELETE). SameSite=Strict on the cookie is the second layer.
 */
export function isCrossSite(request: FastifyRequest, usesCookie: boolean): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  // A browser sets Sec-Fetch-Site itself (no page can), so "same-origin" settles it; that matters
  // because under `Referrer-Policy: no-referrer` a browser sends `Origin: null` on its own forms.
  if (fetchSite === 'same-origin') return false;
  if (typeof fetchSite === 'string' && fetchSite !== 'none') return true;
  const origin = request.headers.origin;
  if (origin === undefined) return usesCookie;
  return hostOf(origin) !== request.headers.host?.toLowerCase();
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null; // "null" (sandboxed frames, some redirects) or garbage: never this host
  }
}
