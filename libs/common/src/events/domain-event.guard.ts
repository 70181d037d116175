import { DomainEvent, EventDefinition } from '@portcullis/contracts';

/**
 * `value` if it is an event of `definition`'s type with an id and a subject, else undefined: for an
 * event that arrives inside a bus command to be recorded with the change (the bus is internal, but
 * a malformed value must not reach an outbox or the event stream).
 */
export function eventOfType<T extends DomainEvent<unknown>>(
  definition: EventDefinition<T>,
  value: unknown,
): T | undefined {
  const event = value as T | undefined;
  return event?.type === definition.type &&
    typeof event.id === 'string' &&
    typeof event.subject === 'object' &&
    event.subject !== null
    ? event
    : undefined;
}
