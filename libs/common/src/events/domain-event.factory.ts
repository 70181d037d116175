import { DomainEvent, EventDefinition, RequestMeta } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { currentRequestContext, currentRequestMeta } from '../context/request-context';

/**
 * Builds the standard envelope for a domain event: fresh id, timestamp, and the request's origin
 * (`meta`), which always comes from the ambient request context: the owning service builds its
 * events without anyone threading the origin through its payloads (and nobody can pass another).
 */
export function domainEvent<T>(
  definition: EventDefinition<DomainEvent<T>>,
  init: { subject: DomainEvent['subject']; actor?: DomainEvent['actor']; data: T },
): DomainEvent<T> {
  return {
    id: randomUUID(),
    type: definition.type,
    occurredAt: new Date().toISOString(),
    subject: init.subject,
    ...(init.actor ? { actor: init.actor } : {}),
    data: init.data,
    ...metaOf(currentRequestMeta()),
  };
}

function metaOf(meta: RequestMeta | undefined): Pick<DomainEvent, 'meta'> {
  return meta ? { meta: { ip: meta.ip, userAgent: meta.userAgent, requestId: meta.requestId } } : {};
}

/**
 * The user acting in the ambient request (the principal the gateway authenticated, carried in the
 * message envelope), as an event's actor; undefined when no user is acting.
 */
export function actingUser(): { type: 'user'; id: string } | undefined {
  const principal = currentRequestContext()?.principal as { userId?: unknown } | undefined;
  return typeof principal?.userId === 'string' ? { type: 'user', id: principal.userId } : undefined;
}
