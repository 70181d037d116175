import type { FastifyInstance } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';

type Headers = Record<string, string>;

/**
 * Helmet's headers, worked out by helmet once at start-up and then copied onto every reply.
 * `@fastify/helmet` builds a new helmet middleware on every request (two async hooks, option
 * parsing and a dozen validated `setHeader` calls each time): that was 5–7 % of the gateway's CPU on
 * `/auth/me`. With no CSP nonces the headers never depend on the request, so one run says them all.
 */
export function securityHeaders(options: HelmetOptions): Headers {
  const headers: Headers = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name];
    },
  };
  // Helmet (≥ 8.1) throws on bad options rather than passing them to `next`.
  helmet(options)({} as never, recorder as never, () => undefined);
  return headers;
}

export function addSecurityHeaders(fastify: FastifyInstance, options: HelmetOptions): void {
  const headers = securityHeaders(options);
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}
