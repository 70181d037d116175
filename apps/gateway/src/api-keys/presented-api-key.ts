import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { FastifyRequest } from 'fastify';

/** Query parameters a client might put a key in; keys there end up in access logs and browser history. */
const QUERY_NAMES = ['api_key', 'apikey', 'apiKey', 'x-api-key', 'key'];

/**
 * The `X-API-Key` header, or undefined. A key offered in the query string is refused outright
 * (401 AUTH_INVALID_API_KEY naming the parameter), whether or not a header came too: it has
 * already leaked, so it must not work.
 */
export function presentedApiKey(request: FastifyRequest): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  const leaked = query ? QUERY_NAMES.find((name) => name in query) : undefined;
  if (leaked) {
    throw new AppError(
      ErrorCode.AUTH_INVALID_API_KEY,
      `${leaked}: API keys are accepted only in the X-API-Key header, never in the URL`,
      { field: leaked },
    );
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header.length > 0 ? header : undefined;
}
