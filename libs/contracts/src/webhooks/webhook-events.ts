import { z } from 'zod';
import { event } from '../common/rpc-definition';

/**
 * Events the webhook dispatcher itself produces. Declared here rather than in events/event-types.ts
 * so the webhook contract lives in one folder; the names are as stable as any other event's.
 */
export const WebhookEvents = {
  /**
   * Sent to one subscription on request (POST /webhooks/:id/test). It is addressed to that
   * subscription only and never published on the bus, so no other subscriber receives it.
   */
  test: event('webhook.test', z.object({ webhookId: z.string(), message: z.string() })),
  /** For admins: a subscription was switched off because its receiver answered 410 or kept failing. */
  endpointDisabled: event(
    'webhook.endpoint.disabled',
    z.object({
      webhookId: z.string(),
      ownerUserId: z.string(),
      reason: z.enum(['gone', 'failing', 'owner_unauthorized']),
      failingSince: z.string().nullable(),
    }),
  ),
};
