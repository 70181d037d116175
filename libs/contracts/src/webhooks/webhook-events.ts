import { event } from '../common/rpc-definition';
import { DomainEvent } from '../events/domain-event';
import { WebhookDisabledReason } from './dto/webhook.dto';

/**
 * Events the webhook dispatcher itself produces. Declared here rather than in events/event-types.ts
 * so the webhook contract lives in one folder; the names are as stable as any other event's.
 */
export const WebhookEvents = {
  /**
   * Sent to one subscription on request (POST /webhooks/:id/test). It is addressed to that
   * subscription only and never published on the bus, so no other subscriber receives it.
   */
  test: event<DomainEvent<{ webhookId: string; message: string }>>('webhook.test'),
  /** For admins: a subscription was switched off because its receiver answered 410 or kept failing. */
  endpointDisabled: event<
    DomainEvent<{ webhookId: string; ownerUserId: string; reason: WebhookDisabledReason; failingSince: string | null }>
  >('webhook.endpoint.disabled'),
};
