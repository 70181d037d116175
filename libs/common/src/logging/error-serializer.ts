import { stdSerializers } from 'pino';
import { withoutCredentials } from './without-credentials';

/**
 * Fields of a database error that carry the values of a query: TypeORM's `parameters` (emails,
 * names, sometimes hashes) and PostgreSQL's `detail` ("Key (email)=(…) already exists"). TypeORM
 * copies the driver error's fields onto its own, so both levels are cleaned.
 */
const VALUE_FIELDS = ['parameters', 'detail'] as const;

/** pino's error serializer, minus the query values and any credentials its text quotes: the SQL text and the error code stay. */
export function serializeError(err: unknown): unknown {
  const serialized = stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  if (!serialized || typeof serialized !== 'object') return serialized;
  const clean = withoutValues(serialized);
  if (clean.driverError && typeof clean.driverError === 'object')
    clean.driverError = withoutValues(clean.driverError as Record<string, unknown>);
  return clean;
}

/** PostgreSQL data exceptions (SQLSTATE class 22) quote the bad value: `invalid input syntax for type uuid: "…"`. */
const QUOTED_VALUE = /: "[^\n]*"/g;

function withoutValues(record: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...record };
  for (const field of ['message', 'stack'] as const)
    if (typeof copy[field] === 'string') copy[field] = withoutCredentials(copy[field]);
  for (const field of VALUE_FIELDS) if (field in copy) copy[field] = '[redacted]';
  if (typeof copy.code === 'string' && copy.code.startsWith('22')) {
    for (const field of ['message', 'stack'] as const) {
      if (typeof copy[field] === 'string') copy[field] = copy[field].replace(QUOTED_VALUE, ': "[redacted]"');
    }
  }
  return copy;
}
