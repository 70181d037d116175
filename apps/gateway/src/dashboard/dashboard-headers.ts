import { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The dashboard's pages load only their own scripts. Bull Board's UI sets inline styles (React
 * style attributes) and loads IBM Plex from Google Fonts; nothing else leaves the origin, no page
 * may frame it, and forms post only back here.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
  "font-src 'self' https://fonts.gstatic.com",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Every dashboard response: the CSP, and no-store (sign-in pages, job data and session cookies stay out of caches). */
export function dashboardHeaders(_req: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('content-security-policy', DASHBOARD_CSP);
  reply.header('cache-control', 'no-store');
  // Not helmet's no-referrer here: under it a browser's same-origin form post says `Origin: null`,
  // which the cross-site check must refuse; same-origin still sends nothing to other sites.
  reply.header('referrer-policy', 'same-origin');
  return Promise.resolve();
}
