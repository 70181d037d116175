import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { FastifyRequest } from 'fastify';

/** Query parameters a client might put a key in; keys there end up in access logs and browser history. */
const QUERY_NAMES = ['api_key', 'apikey', 'apiKey', 'x-api-key', 'key'];

/** What an API key looks like (`pk_<env>_…`): found in a URL under any name, it has leaked. */
const KEY_SHAPE = /^pk_(?:live|test)_/;

/**
 * Refuses a request whose query string carries a Portcullis key under any name, as a route that
 * takes keys does before any strategy runs: a request that also brings a valid Bearer token must not
 * succeed with the key sitting in the URL (and so in logs). Only key-shaped values count here, so an
 * upstream's own `?key=` passes through the proxy; the names above are refused when a key is read.
 */
export function refuseKeyInQuery(request: FastifyRequest): void {
  const query = request.query as Record<string, unknown> | undefined;
  if (!query) return;
  for (const name in query) {
    const value = query[name];
    if ((Array.isArray(value) ? value : [value]).some((v) => typeof v === 'string' && KEY_SHAPE.test(v)))
      throw leakedKey(name);
  }
}

const leakedKey = (name: string) =>
  new AppError(
    ErrorCode.AUTH_INVALID_API_KEY,
    `${name}: API keys are accepted only in the X-API-Key header, never in the URL`,
    { field: name },
  );

/**
 * The `X-API-Key` header, or undefined. A key in the query string is refused outright (401
 * AUTH_INVALID_API_KEY naming the parameter), header or not: it has already leaked, so it must not
 * work. Without the header, a parameter with a key's usual name is refused too, whatever it holds:
 * that client is trying to authenticate through the URL. With the header, such a parameter is the
 * caller's own (an upstream's `?key=` on the proxy) and passes.
 */
export function presentedApiKey(request: FastifyRequest): string | undefined {
  refuseKeyInQuery(request);
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  const query = request.query as Record<string, unknown> | undefined;
  const named = query ? QUERY_NAMES.find((name) => name in query) : undefined;
  if (named) throw leakedKey(named);
  return undefined;
}
