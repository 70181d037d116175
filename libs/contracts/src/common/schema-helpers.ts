import { z } from 'zod';
import type { Schema } from './schema';

type Shape<T> = { [K in keyof T]-?: Schema<T[K]> };

/**
 * `z.object` for an existing interface: every field of `T` must be given a schema of its type (an
 * optional one for an optional field) and no other field may appear, so the schema cannot silently
 * drop a field the handler reads.
 */
export function objectOf<T>() {
  return <S extends Shape<T>>(shape: S & Record<Exclude<keyof S, keyof T>, never>) => z.object(shape);
}

/** The UUID form PostgreSQL accepts; ids are compared lower-cased, as PostgreSQL prints them. */
export const uuid = () => z.string().uuid();

export const isoTimestamp = () => z.string().datetime({ offset: true });

/** Free text from clients (device names, user agents) is kept, but never unbounded. */
export const boundedText = (max: number) => z.string().transform((s) => s.slice(0, max));

export const stringList = () => z.array(z.string());

/** For a payload or reply that carries nothing. */
export const empty = () =>
  z
    .object({})
    .optional()
    .transform(() => ({})) as unknown as Schema<Record<string, never>>;
