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
  /**
   * Dev and tests only (ALLOW_PRIVATE_TARGETS): also accept loopback, private, unique-local and
   * CGNAT addresses. Cloud metadata (by name or address) and link-local stay refused even then,
   * and an unresolvable host is let through unchecked (there is nothing to connect to anyway).
   */
  allowPrivate?: boolean;
  /** Resolves a host name to every address it has; defaults to the system resolver. */
  lookup?: (hostname: string) => Promise<LookupAddress[]>;
}

const systemLookup = (hostname: string) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * Cloud instance-metadata endpoints that are not link-local, so no range check catches them:
 * AWS's IPv6 IMDS (unique-local), ECS task metadata, Alibaba (CGNAT) and Azure's wireserver
 * (public space). Refused in every mode, as their names are.
 */
const METADATA_ADDRESSES = new Set(
  ['169.254.169.254', '169.254.170.2', '100.100.100.200', '168.63.129.16', 'fd00:ec2::254'].map((a) =>
    canonicalAddress(a).toString(),
  ),
);
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.com',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.platformequinix.com',
  'metadata.tencentyun.com',
]);

/** The ranges a developer's own machine and network use: what ALLOW_PRIVATE_TARGETS opens up. */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

/** The IPv4 an address really is when mapped (::ffff:a.b.c.d), else the address itself, normalised. */
function canonicalAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  return ipaddr.process(address);
}

export function isMetadataAddress(address: string): boolean {
  return ipaddr.isValid(address) && METADATA_ADDRESSES.has(canonicalAddress(address).toString());
}

/** `metadata.google.internal.` and `METADATA.google.internal` are the same host as the plain name. */
export function isMetadataHost(hostname: string): boolean {
  return METADATA_HOSTS.has(hostname.toLowerCase().replace(/\.+$/, ''));
}

/**
 * What ALLOW_PRIVATE_TARGETS accepts: public unicast, or one of the private ranges above. Link-local
 * (169.254/16, fe80::/10: where metadata services live), unspecified, multicast, reserved and the
 * IPv6 forms that embed an IPv4 address (NAT64, 6to4, Teredo) stay refused, as do metadata addresses.
 */
export function isAllowedPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address) || isMetadataAddress(address)) return false;
  const ip = canonicalAddress(address);
  if (ip.kind() === 'ipv6' && isIpv4Compatible(ip as ipaddr.IPv6)) return false;
  return ip.range() === 'unicast' || PRIVATE_RANGES.has(ip.range());
}

/**
 * True only for globally routable unicast addresses. Everything ipaddr.js classes as special —
 * loopback, private, CGNAT, link-local (so the 169.254.169.254 metadata service), unique-local,
 * 0.0.0.0/8, multicast, broadcast, reserved, and the IPv6 ranges that embed an IPv4 address
 * (NAT64, 6to4, Teredo) — is refused. An allow-list of one range is harder to get wrong than a
 * deny-list of many.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address) || isMetadataAddress(address)) return false;
  // process() turns ::ffff:a.b.c.d into a.b.c.d, so a mapped address is judged as the IPv4 it is.
  const ip = canonicalAddress(address);
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
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ForbiddenUrlError('scheme', 'url must use http or https');
  // fetch refuses URLs with credentials, and they would end up in logs and listings.
  if (url.username || url.password)
    throw new ForbiddenUrlError('credentials', 'url must not contain a user name or password');
  return url;
}

/**
 * Refuses a URL that is not http(s) or whose host resolves to any non-public address (one bad
 * address is enough: the client may connect to any of them). The WHATWG parser has already turned
 * `0x7f.1`, `2130706433` and friends into dotted quads, and DNS answers for literals verbatim.
 * Resolves with the addresses it checked.
 */
export async function assertPublicUrl(
  raw: string,
  options: PublicUrlOptions = {},
): Promise<{ url: URL; addresses: string[] }> {
  const url = parseHttpUrl(raw);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isMetadataHost(hostname)) throw new ForbiddenUrlError('forbidden-address', 'url resolves to a forbidden address');
  let found: LookupAddress[] = [];
  try {
    found = await (options.lookup ?? systemLookup)(hostname);
  } catch {
    if (!options.allowPrivate) throw new ForbiddenUrlError('unresolvable', 'url host could not be resolved');
  }
  const addresses = found.map((a) => a.address);
  if (addresses.length === 0 && !options.allowPrivate)
    throw new ForbiddenUrlError('unresolvable', 'url host could not be resolved');
  if (!addresses.every(options.allowPrivate ? isAllowedPrivateAddress : isPublicAddress)) {
    throw new ForbiddenUrlError('forbidden-address', 'url resolves to a forbidden address');
  }
  return { url, addresses };
}
