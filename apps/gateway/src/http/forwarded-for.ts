import { isIP } from 'net';

/**
 * The part of an X-Forwarded-For value that can name a client: the entries from the right (nearest
 * hop first) up to the first one that is not a bare IP address. Fastify takes the client IP from
 * this header through the trusted proxies, and would otherwise take whatever text stands there
 * (`"><svg onload=…>` reached the audit log); cut there, the client is the last proxy that
 * forwarded something sound. Undefined when nothing is left.
 */
export function soundForwardedFor(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const entries = (Array.isArray(header) ? header.join(',') : header).split(',').map((entry) => entry.trim());
  let firstSound = entries.length;
  while (firstSound > 0 && isIP(entries[firstSound - 1]) !== 0) firstSound--;
  return firstSound < entries.length ? entries.slice(firstSound).join(', ') : undefined;
}
