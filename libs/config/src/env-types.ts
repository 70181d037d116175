import { accessSync, constants } from 'fs';
import { isIP } from 'net';
import { z } from 'zod';

/** Optional text; empty (`NAME=` in a manifest) counts as unset. */
const optionalText = () =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined);

/** Reusable zod pieces for environment variables (which always arrive as strings). */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  int: (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  url: (fallback: string, protocols: string[]) =>
    z
      .string()
      .default(fallback)
      .refine(
        (v) => {
          try {
            return protocols.includes(new URL(v).protocol);
          } catch {
            return false;
          }
        },
        `must be a URL with scheme ${protocols.join(' or ')}`,
      ),
  /** An address to bind a listening socket to: an IP literal, or `localhost`. */
  host: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .refine(
        (v) => v === 'localhost' || isIP(v) !== 0,
        'must be an IP address (e.g. 0.0.0.0, 127.0.0.1, ::) or localhost',
      ),
  /** `host:port,host:port` (an IPv6 host in brackets: `[::1]:26379`); empty when unset. */
  hostPorts: () =>
    z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine((entries) => entries.every((e) => parseHostPort(e) !== undefined), 'must be host:port[,host:port…]')
      .transform((entries) => entries.map((e) => parseHostPort(e)!)),
  optional: () => optionalText(),
  /** A path to a file this process can read (read later, once, by whoever needs it); empty is unset. */
  readableFile: () =>
    optionalText().refine((path) => path === undefined || isReadable(path), 'must be a readable file'),
  list: (fallback: string) =>
    z
      .string()
      .default(fallback)
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
};

function parseHostPort(entry: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(entry);
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) return undefined;
  return { host: match[1] ?? match[2], port };
}

function isReadable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
