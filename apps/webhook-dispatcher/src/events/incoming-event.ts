import { DomainEvent, WebhookPayload } from '@portcullis/contracts';
import { toWebhookPayload } from './webhook-payload';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isParty = (v: unknown): v is { type: string; id: string } => isObject(v) && typeof v.type === 'string' && typeof v.id === 'string';

/**
 * Reads a bus message as a DomainEvent envelope, or null if it is not one (it is then skipped, not
 * retried: no number of redeliveries would fix it). The type falls back to the bus pattern and the
 * id to the stream entry id, which is stable across redeliveries, so dedupe holds even then.
 */
export function readIncomingEvent(message: unknown, pattern: string, streamId: string): WebhookPayload | null {
  if (!isObject(message) || !isParty(message.subject)) return null;
  if (message.actor !== undefined && !isParty(message.actor)) return null;
  const event = {
    id: typeof message.id === 'string' && message.id ? message.id : `bus-${streamId}`,
    type: typeof message.type === 'string' && message.type ? message.type : pattern,
    occurredAt: typeof message.occurredAt === 'string' ? message.occurredAt : new Date().toISOString(),
    subject: message.subject,
    actor: message.actor,
    data: isObject(message.data) ? message.data : {},
  } as DomainEvent;
  return toWebhookPayload(event);
}
