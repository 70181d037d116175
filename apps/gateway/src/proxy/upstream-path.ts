import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';

/** Segments that mean "this" or "parent" once decoded, in any case or encoding (`%2e%2E`, `.%2e`). */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;
/** An encoded slash or backslash is a separator to many servers, and so a way around the check. */
const ENCODED_SEPARATOR = /%(?:2f|5c)/i;

const refuse = (detail: string) =>
  new AppError(ErrorCode.VALIDATION_FAILED, detail, { errors: [{ field: 'path', messages: [detail] }] });

/**
 * The path below the base URL from the raw request target (never from a decoded parameter, which
 * would already have turned `%2e%2e` into `..`). Empty segments are collapsed (`//host` is a path
 * here, never an authority); dot segments, encoded separators and backslashes are refused, so a
 * request can never climb above the base path, let alone leave its host.
 */
export function safeTail(rawTail: string): string {
  if (rawTail.includes('\\')) throw refuse('The path must not contain a backslash');
  const segments = rawTail.split('/').filter((s) => s !== '');
  for (const segment of segments) {
    if (DOT_SEGMENT.test(segment)) throw refuse('The path must not contain . or .. segments');
    if (ENCODED_SEPARATOR.test(segment)) throw refuse('The path must not contain an encoded / or \\');
  }
  const trailing = segments.length > 0 && rawTail.endsWith('/') ? '/' : '';
  return segments.length ? `/${segments.join('/')}${trailing}` : rawTail.endsWith('/') ? '/' : '';
}

/**
 * Splits a raw request target (`/api/v1/proxy/<id>/a/b?x=1`) after `prefix` + id into the tail and
 * the query (kept byte for byte: the upstream may care about its encoding).
 */
export function splitProxyTarget(rawUrl: string, prefixLength: number): { tail: string; query: string } {
  const q = rawUrl.indexOf('?');
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const afterPrefix = path.slice(prefixLength);
  const slash = afterPrefix.indexOf('/');
  return { tail: slash === -1 ? '' : afterPrefix.slice(slash), query: q === -1 ? '' : rawUrl.slice(q) };
}

/** The path and query to ask the upstream for: its base path, then the caller's tail. */
export function upstreamPathOf(basePath: string, rawTail: string, query: string): string {
  const path = `${basePath}${safeTail(rawTail)}` || '/';
  return `${path}${query}`;
}
