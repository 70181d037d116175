import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';

type Headers = Record<string, string>;

/**
 * What an API answer needs, as the OWASP REST Security Cheat Sheet lists it: no framing
 * (`frame-ancestors 'none'`, `X-Frame-Options: DENY`), nothing loaded should a browser render a JSON
 * answer as a page (`default-src 'none'`), no sniffing, HTTPS only, and no cross-origin embedding
 * (CORP). Helmet's other defaults (COOP, Origin-Agent-Cluster, Referrer-Policy, X-DNS-Prefetch-Control,
 * X-Download-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection) govern HTML documents and
 * what they load; each is a validated header on every answer for nothing, so documents alone get them.
 */
export const API_SECURITY_HEADERS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  xFrameOptions: { action: 'deny' },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/**
 * The pages the gateway serves (Swagger UI, the queue dashboard): helmet's defaults but its CSP,
 * which would block Swagger UI's inline script; the dashboard sets a CSP of its own.
 */
export const DOCUMENT_SECURITY_HEADERS: HelmetOptions = { contentSecurityPolicy: false };

/**
 * Helmet's headers, worked out by helmet once at start-up and then copied onto every reply, named
 * in lower case as Fastify stores them (a mixed-case name costs every reply a new string).
 * `@fastify/helmet` builds a new helmet middleware on every request (two async hooks, option
 * parsing and a dozen validated `setHeader` calls each time): that was 5–7 % of the gateway's CPU on
 * `/auth/me`. With no CSP nonces the headers never depend on the request, so one run says them all.
 */
export function securityHeaders(options: HelmetOptions): Headers {
  const headers: Headers = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  // Helmet (≥ 8.1) throws on bad options rather than passing them to `next`.
  helmet(options)({} as never, recorder as never, () => undefined);
  return headers;
}

/**
 * Sets API headers on every answer, document headers on answers under `documentPaths`: a step of
 * the gateway's first onRequest hook (a hook of its own would cost every request one more hook).
 */
export function securityHeadersStep(
  documentPaths: readonly string[],
): (request: FastifyRequest, reply: FastifyReply) => void {
  const api = securityHeaders(API_SECURITY_HEADERS);
  const documents = securityHeaders(DOCUMENT_SECURITY_HEADERS);
  return (request, reply) => {
    const url = request.raw.url ?? '';
    void reply.headers(documentPaths.some((path) => url.startsWith(path)) ? documents : api);
  };
}
