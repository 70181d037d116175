import { once } from '@portcullis/observability';
import { Counter, Histogram } from 'prom-client';

/** Attempts by how they ended, in the delivery-status words: succeeded, failed (another is scheduled), dead (no more). */
export const webhookDeliveries = once(
  'webhook_deliveries_total',
  () =>
    new Counter({
      name: 'webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome',
      labelNames: ['outcome'],
    }),
);

/** Time from sending a request to having its response (or giving up), for requests that went out. */
export const webhookDeliveryDuration = once(
  'webhook_delivery_duration_seconds',
  () =>
    new Histogram({
      name: 'webhook_delivery_duration_seconds',
      help: 'Duration of webhook HTTP requests',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
);

/** Open deliveries found due with no job (Redis lost it) and queued again by the reconciler. */
export const webhookDeliveriesRequeued = once(
  'webhook_deliveries_requeued_total',
  () =>
    new Counter({
      name: 'webhook_deliveries_requeued_total',
      help: 'Due webhook deliveries queued again because their job was missing',
    }),
);
