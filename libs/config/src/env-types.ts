import { isIP } from 'net';
import { z } from 'zod';

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
