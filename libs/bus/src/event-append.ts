import { EventDefinition } from '@portcullis/contracts';
import { streamKeys } from './stream-keys';
import { encodeEvent } from './wire-format';

/**
 * The XADD of a domain event exactly as BusClient.publish writes it, for a service whose state
 * change is itself in Redis: queued in the same MULTI, the change and its event apply together or
 * not at all (the Redis counterpart of a transactional outbox). No MAXLEN: such events are rare,
 * and the consumers' trimming bounds the stream.
 */
export function eventAppend<T>(
  prefix: string,
  definition: EventDefinition<T>,
  data: T,
): { key: string; fields: string[] } {
  return { key: streamKeys.events(prefix), fields: encodeEvent({ pattern: definition.type, data }) };
}
