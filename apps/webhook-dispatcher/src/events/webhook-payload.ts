import { DomainEvent, WebhookPayload } from '@portcullis/contracts';

/**
 * The body receivers get: the envelope in its documented field order, without `meta` (the
 * requester's IP and user agent are for the audit trail, not for every subscriber).
 */
export function toWebhookPayload(event: DomainEvent | WebhookPayload): WebhookPayload {
  return {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    subject: event.subject,
    ...(event.actor ? { actor: event.actor } : {}),
    data: event.data,
  };
}
