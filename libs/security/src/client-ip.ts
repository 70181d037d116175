import ipaddr from 'ipaddr.js';

/**
 * The client an IP counts as for throttling, or undefined when the text is not an IP.
 * `::ffff:203.0.113.7` and `203.0.113.7` are the same client (counting them apart would halve a
 * limit), and an IPv6 client counts as its /64: one subscriber gets a whole /64 and could otherwise
 * rotate through 2^64 addresses, each with a fresh allowance.
 */
export function normaliseIp(ip: string): string | undefined {
  const text = ip.trim();
  if (!ipaddr.isValid(text)) return undefined;
  const parsed = ipaddr.process(text);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toString()}/64`;
}

/**
 * `normaliseIp` for an address the server itself read (the socket's, or a trusted proxy's
 * `X-Forwarded-For` as Fastify parsed it): a dotted IPv4 address is returned as it is, with no
 * parsing, since it runs on every request; anything else unparseable is kept as it came.
 */
export function throttledClientOf(ip: string): string {
  return ip.includes(':') ? (normaliseIp(ip) ?? ip) : ip;
}
