import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';

/**
 * A segment that means "this" or "parent". Checked on the normalised segment, in which `%2e` has
 * already become `.`, so `%2E%2e` and `.%2e` are caught here too.
 */
const DOT_SEGMENT = /^\.{1,2}$/;
/** An encoded slash or backslash is a separator to many servers, and so a way around the check. */
const ENCODED_SEPARATOR = /%(?:2f|5c)/i;
/** A `%` that does not start an escape: servers disagree on what it means, so it is never guessed at. */
const MALFORMED_ESCAPE = /%(?![0-9a-f]{2})/i;
const ESCAPE = /%([0-9a-f]{2})/gi;
/**
 * RFC 3986 §3.3 `pchar`s (`;` is refused on its own, below), escapes upper-cased by normaliseSegment.
 * Anything else raw is refused, not passed on: servers differ on it, and a raw `#` is where a
 * fragment starts for most of them, so `/users/42#/avatar` would match a route for
 * `/users/:id/avatar` here and be served `/users/42` there.
 */
const PATH_CHARS_ONLY = /^(?:[A-Za-z0-9\-._~!$&'()*+,=:@]|%[0-9A-F]{2})*$/;
/** RFC 3986 §2.3: encoding these changes nothing, so `%61dmin` and `admin` are the same segment. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

const refuse = (detail: string) =>
  new AppError(ErrorCode.VALIDATION_FAILED, detail, { errors: [{ field: 'path', messages: [detail] }] });

/**
 * RFC 3986 §6.2.2 normalisation of one segment: escaped unreserved characters are decoded and every
 * other escape gets upper-case hex. The upstream decodes before it routes, so a route check on the
 * raw form could be dodged by spelling `admin` as `%61dmin`; after this, two spellings the upstream
 * treats alike are one string. One left-to-right pass, so `%2561` stays `%2561` (never decoded twice).
 * Undefined when a `%` starts no escape.
 */
export function normaliseSegment(segment: string): string | undefined {
  // Most segments hold no escape at all: they pass without a regular expression (every proxied request).
  if (!segment.includes('%')) return segment;
  if (MALFORMED_ESCAPE.test(segment)) return undefined;
  return segment.replace(ESCAPE, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : escape.toUpperCase();
  });
}

/**
 * The path below the base URL from the raw request target (never from a decoded parameter, which
 * would already have turned `%2e%2e` into `..`), normalised segment by segment (normaliseSegment):
 * the route table is matched on it and the upstream is sent exactly it, so what was checked is what
 * is served. Empty segments are collapsed (`//host` is a path here, never an authority); malformed
 * escapes, dot segments, encoded separators, backslashes, `;` path parameters and anything raw that is
 * not a path character (a `#`, a space, a quote) are refused, so a request can never climb above the
 * base path or leave its host, and the upstream routes what was checked. Idempotent: its output
 * passes through unchanged.
 */
export function safeTail(rawTail: string): string {
  if (rawTail.includes('\\')) throw refuse('The path must not contain a backslash');
  const segments = rawTail
    .split('/')
    .filter((s) => s !== '')
    .map(checkedSegment);
  const trailing = segments.length > 0 && rawTail.endsWith('/') ? '/' : '';
  return segments.length ? `/${segments.join('/')}${trailing}` : rawTail.endsWith('/') ? '/' : '';
}

/** One raw segment, normalised, or the reason it may not be forwarded. */
function checkedSegment(raw: string): string {
  const segment = normaliseSegment(raw);
  if (segment === undefined) throw refuse('The path must not contain a % that starts no %XX escape');
  if (DOT_SEGMENT.test(segment)) throw refuse('The path must not contain . or .. segments');
  if (ENCODED_SEPARATOR.test(segment)) throw refuse('The path must not contain an encoded / or \\');
  // Servlet containers (Tomcat, Jetty, Spring) cut `;…` off a segment before routing: `..;` would
  // climb above the base and `admin;x` dodge an `/admin/*` rule. Path parameters are rare in APIs.
  if (segment.includes(';')) throw refuse('The path must not contain ; (a path parameter)');
  if (!PATH_CHARS_ONLY.test(segment))
    throw refuse('The path may hold only RFC 3986 path characters; escape anything else (# as %23)');
  return segment;
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

/** The path and query to ask the upstream for: its base path, then the caller's tail (safeTail's answer). */
export function upstreamPathOf(basePath: string, tail: string, query: string): string {
  const path = `${basePath}${tail}` || '/';
  return `${path}${query}`;
}
