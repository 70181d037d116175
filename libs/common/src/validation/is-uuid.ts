import { z } from 'zod';

const uuid = z.string().uuid();

/**
 * PostgreSQL rejects a malformed uuid with an error; a look-up by one simply matches nothing, so
 * repositories check first. The one copy of the check, from the same zod rule the contracts use.
 */
export function isUuid(value: unknown): value is string {
  return uuid.safeParse(value).success;
}
