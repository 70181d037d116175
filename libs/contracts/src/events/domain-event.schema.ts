import { z } from 'zod';
import type { Schema } from '../common/schema';
import { DomainEvent } from './domain-event';

const SUBJECT_TYPES = ['user', 'session', 'agent', 'api_key', 'webhook', 'system'] as const;
const ACTOR_TYPES = ['user', 'agent', 'system'] as const;

const envelope = {
  id: z.string().uuid(),
  type: z.string().min(1).max(128),
  occurredAt: z.string().datetime({ offset: true }),
  subject: z.object({ type: z.enum(SUBJECT_TYPES), id: z.string().min(1).max(256) }),
  actor: z.object({ type: z.enum(ACTOR_TYPES), id: z.string().min(1).max(256) }).optional(),
  meta: z
    .object({ ip: z.string().optional(), userAgent: z.string().optional(), requestId: z.string().optional() })
    .optional(),
};

/** The envelope every event shares, around its own `data`. */
export function domainEventOf<TData>(data: Schema<TData>): Schema<DomainEvent<TData>> {
  return z.object({ ...envelope, data }) as Schema<DomainEvent<TData>>;
}

/**
 * Any event on the bus, whatever its type: what a consumer of whole families (`*`, `auth.*`) checks
 * an event of a type it has no definition for against.
 */
export const anyDomainEvent: Schema<DomainEvent> = domainEventOf(z.record(z.unknown()));
