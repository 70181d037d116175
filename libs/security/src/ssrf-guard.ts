import { LookupAddress, promises as dns } from 'dns';
import ipaddr from 'ipaddr.js';

export type UrlRefusal = 'invalid-url' | 'scheme' | 'credentials' | 'unresolvable' | 'forbidden-address';

/** Why a URL may not be called; `message` is safe to show the person who entered the URL. */
export class ForbiddenUrlError extends Error {
  constructor(
    readonly reason: UrlRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'ForbiddenUrlError';
  }
}

export interface PublicUrlOptions {
  /** Dev and tests only (ALLOW_PRIVATE_TARGETS): skip the address checks, keep the URL checks. */
  allowPrivate?: boolean;
  /** Resolves a host name to every address it has; defaults to the system resolver. */
  lookup?: (hostname: string) => Promise<LookupAddress[]>;
}

const systemLookup = (hostname: string) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * True only for globally routable unicast addresses. Everything ipaddr.js classes as special —
 * loopback, private, CGNAT, link-local (so the 169.254.169.254 metadata service), unique-local,
 * 0.0.0.0/8, multicast, broadcast, reserved, and the IPv6 ranges that embed an IPv4 address
 * (NAT64, 6to4, Teredo) — is refused. An allow-list of one range is harder to get wrong than a
 * deny-list of many.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // process() turns ::ffff:a.b.c.d into a.b.c.d, so a mapped address is judged as the IPv4 it is.
  const ip = ipaddr.process(address);
  if (ip.kind() === 'ipv6' && isIpv4Compatible(ip as ipaddr.IPv6)) return false;
  return ip.range() === 'unicast';
}

/** ::a.b.c.d (deprecated IPv4-compatible form): no range of its own in ipaddr.js, so checked here. */
function isIpv4Compatible(ip: ipaddr.IPv6): boolean {
  return ip.parts.slice(0, 6).every((part) => part === 0);
}

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ForbiddenUrlError('invalid-url', 'url is not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ForbiddenUrlError('scheme', 'url must use http or https');
  // fetch refuses URLs with credentials, and they would end up in logs and listings.
  if (url.username || url.password) throw new ForbiddenUrlError('credentials', 'url must not contain a user name or password');
  return url;
}

/**
 * Refuses a URL that is not http(s) or whose host resolves to any non-public address (one bad
 * address is enough: the client may connect to any of them). The WHATWG parser has already turned
 * `0x7f.1`, `2130706433` and friends into dotted quads, and DNS answers for literals verbatim.
 * Resolves with the addresses it checked.
 */
export async function assertPublicUrl(raw: string, options: PublicUrlOptions = {}): Promise<{ url: URL; addresses: string[] }> {
  const url = parseHttpUrl(raw);
  if (options.allowPrivate) return { url, addresses: [] };
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let found: LookupAddress[];
  try {
    found = await (options.lookup ?? systemLookup)(hostname);
  } catch {
    throw new ForbiddenUrlError('unresolvable', 'url host could not be resolved');
  }
  const addresses = found.map((a) => a.address);
  if (addresses.length === 0) throw new ForbiddenUrlError('unresolvable', 'url host could not be resolved');
  if (!addresses.every(isPublicAddress)) {
    throw new ForbiddenUrlError('forbidden-address', 'url resolves to a forbidden address');
  }
  return { url, addresses };
}
