import { lookup as dnsLookup, LookupAddress } from 'dns';
import { isIP, isIPv6, LookupFunction } from 'net';
import { isAllowedPrivateAddress, isMetadataHost, isPublicAddress } from '../ssrf-guard';

type Answer = { address: string; family: number };

/** Answers Node's lookup callback in the shape it asked for (one address, or all when `options.all`). */
function answer(options: { all?: boolean }, callback: Parameters<LookupFunction>[2], answers: Answer[]): void {
  // Node asks for every address at once when it may try several (autoSelectFamily).
  if (options.all) (callback as unknown as (err: null, all: Answer[]) => void)(null, answers);
  else callback(null, answers[0].address, answers[0].family);
}

/** A DNS lookup that answers only with addresses already checked, never asking DNS again. */
export function pinnedLookup(addresses: string[]): LookupFunction {
  const answers = addresses.map((address) => ({ address, family: isIPv6(address) ? 6 : 4 }));
  return (_hostname, options, callback) => answer(options, callback, answers);
}

export class ForbiddenAddressError extends Error {
  readonly code = 'EFORBIDDENADDRESS';
  constructor(hostname: string) {
    super(`${hostname} resolves to a forbidden address`);
    this.name = 'ForbiddenAddressError';
  }
}

/**
 * The check `guardedLookup` makes, for a host that is an IP address: Node connects to an address
 * without calling `lookup` at all, so a pool whose origin is an IP literal checks it itself (once,
 * when it is made: an address does not change). A ForbiddenAddressError, or undefined when allowed
 * or when `hostname` is a name (the lookup checks those at every connection).
 */
export function ipLiteralRefusal(hostname: string, allowPrivate: boolean): ForbiddenAddressError | undefined {
  const address = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (!isIP(address)) return undefined;
  const allowed = allowPrivate ? isAllowedPrivateAddress : isPublicAddress;
  return isMetadataHost(address) || !allowed(address) ? new ForbiddenAddressError(hostname) : undefined;
}

/**
 * A DNS lookup for long-lived connection pools: every new connection resolves the host and is
 * refused (ForbiddenAddressError) unless each address passes the same rule as `assertPublicUrl`.
 * The check and the connect use the very same answer, so DNS rebinding between them is impossible.
 */
export function guardedLookup(allowPrivate: boolean, resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  const allowed = allowPrivate ? isAllowedPrivateAddress : isPublicAddress;
  return (hostname, options, callback) => {
    if (isMetadataHost(hostname)) return callback(new ForbiddenAddressError(hostname), '', 0);
    resolve(hostname, { all: true, verbatim: true }, (err, found: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      if (found.length === 0 || !found.every((a) => allowed(a.address)))
        return callback(new ForbiddenAddressError(hostname), '', 0);
      answer(options, callback, found);
    });
  };
}
