import { z } from 'zod';

/** A zod schema whose parsed value is a `T` (its input may be anything: the bus carries JSON). */
export type Schema<T> = z.ZodType<T, z.ZodTypeDef, unknown>;
