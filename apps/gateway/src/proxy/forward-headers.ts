import { IncomingHttpHeaders } from 'http';

/** RFC 9110 §7.6.1 and its predecessors: they describe one connection, never the next hop's. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
]);

/** The caller's credentials for the gateway, and what the proxy sets itself: never passed on as sent. */
const NOT_FORWARDED = new Set([
  'host',
  'expect',
  'authorization',
  'x-api-key',
  'cookie',
  'x-request-id',
  'traceparent',
  'tracestate',
  'forwarded',
  'x-real-ip',
]);
/**
 * The caller's X-Forwarded-* of any kind (`-For`, `-Host`, `-Port`, `-Prefix`, …): an upstream
 * builds URLs and trusts addresses from them, and only the gateway may say where a request came from.
 */
const FORWARDED_PREFIX = 'x-forwarded-';

/**
 * Response headers the gateway owns: its own request id, its cookies, and its rate-limit standing
 * (DESIGN §4: every answer carries the gateway's limits; an upstream's same-named headers would
 * replace them). An upstream's Retry-After passes: it is the answer's own.
 */
const NOT_RETURNED = new Set([
  'set-cookie',
  'x-request-id',
  'ratelimit-policy',
  'ratelimit',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
]);

/** Header names listed in `Connection` (`Connection: close, X-Secret`), lower-cased. */
function namedByConnection(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection;
  if (!value) return new Set();
  return new Set((Array.isArray(value) ? value.join(',') : value).split(',').map((n) => n.trim().toLowerCase()));
}

function copyWithout(headers: IncomingHttpHeaders, ...excluded: Set<string>[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || excluded.some((set) => set.has(name))) continue;
    out[name] = value;
  }
  return out;
}

export interface ForwardingFacts {
  clientIp: string;
  /** The scheme and Host the client used to reach the gateway. */
  proto: string;
  host: string | undefined;
  requestId: string;
  traceparent: string | undefined;
  /** The upstream's own credentials, e.g. `['authorization', 'Bearer …']`. */
  auth: [string, string] | null;
}

/**
 * The headers sent to the upstream: the caller's, minus hop-by-hop ones (also any `Connection`
 * names) and minus the caller's credentials; plus the upstream's auth, the request id, the trace
 * context and X-Forwarded-*. The client IP replaces any X-Forwarded-For: the gateway computed it
 * already, believing the header only from trusted proxies.
 */
export function requestHeadersForUpstream(
  headers: IncomingHttpHeaders,
  facts: ForwardingFacts,
): Record<string, string | string[]> {
  const out = copyWithout(headers, HOP_BY_HOP, NOT_FORWARDED, namedByConnection(headers));
  for (const name in out) if (name.startsWith(FORWARDED_PREFIX)) delete out[name];
  if (facts.auth) out[facts.auth[0]] = facts.auth[1];
  out['x-request-id'] = facts.requestId;
  if (facts.traceparent) out.traceparent = facts.traceparent;
  out['x-forwarded-for'] = facts.clientIp;
  out['x-forwarded-proto'] = facts.proto;
  if (facts.host) out['x-forwarded-host'] = facts.host;
  return out;
}

/** The upstream's response headers the client gets: minus hop-by-hop ones and what the gateway owns. */
export function responseHeadersForClient(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  return copyWithout(headers, HOP_BY_HOP, NOT_RETURNED, namedByConnection(headers));
}
