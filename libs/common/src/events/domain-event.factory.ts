import { DomainEvent, EventDefinition, RequestMeta } from '@portcullis/contracts';
import { randomUUID } from 'crypto';

/** Builds the standard envelope for a domain event: fresh id, timestamp, and the request's origin. */
export function domainEvent<T>(
  definition: EventDefinition<DomainEvent<T>>,
  init: { subject: DomainEvent['subject']; actor?: DomainEvent['actor']; data: T; meta?: RequestMeta },
): DomainEvent<T> {
  return {
    id: randomUUID(),
    type: definition.type,
    occurredAt: new Date().toISOString(),
    subject: init.subject,
    ...(init.actor ? { actor: init.actor } : {}),
    data: init.data,
    ...(init.meta ? { meta: { ip: init.meta.ip, userAgent: init.meta.userAgent, requestId: init.meta.requestId } } : {}),
  };
}
