import { Page } from '../common/page';
import { rpc } from '../common/rpc-definition';
import {
  DeliveryDto,
  ListDeliveriesRequest,
  RecoverDeliveriesReply,
  RecoverDeliveriesRequest,
  RetryDeliveryRequest,
} from './dto/delivery.dto';
import {
  CreateWebhookRequest,
  ListWebhooksRequest,
  TestWebhookReply,
  UpdateWebhookRequest,
  WebhookDto,
  WebhookRef,
  WebhookWithSecret,
} from './dto/webhook.dto';
import { EventTypeInfo } from './webhook-event-catalog';

/**
 * What the gateway asks of the webhook dispatcher (DESIGN §3 "Webhooks"). Every request names its
 * `owner`; an id that is not the owner's (unless admin) is WEBHOOK_NOT_FOUND.
 */
export const WebhookPatterns = {
  /** WEBHOOK_INVALID (details.errors), WEBHOOK_URL_FORBIDDEN, WEBHOOK_SCOPE_FORBIDDEN. */
  create: rpc<CreateWebhookRequest, WebhookWithSecret>('webhook-dispatcher.create'),
  list: rpc<ListWebhooksRequest, Page<WebhookDto>>('webhook-dispatcher.list'),
  get: rpc<WebhookRef, WebhookDto>('webhook-dispatcher.get'),
  /** As create, for the fields given. */
  update: rpc<UpdateWebhookRequest, WebhookDto>('webhook-dispatcher.update'),
  /** Its deliveries and their history go with it. */
  delete: rpc<WebhookRef, void>('webhook-dispatcher.delete'),
  /** Delivers a `webhook.test` event to this subscription only, now; WEBHOOK_DISABLED. */
  test: rpc<WebhookRef, TestWebhookReply>('webhook-dispatcher.test'),
  listDeliveries: rpc<ListDeliveriesRequest, Page<DeliveryDto>>('webhook-dispatcher.listDeliveries'),
  retryDelivery: rpc<RetryDeliveryRequest, DeliveryDto>('webhook-dispatcher.retryDelivery'),
  /** WEBHOOK_INVALID for a bad range; WEBHOOK_DISABLED. */
  recover: rpc<RecoverDeliveriesRequest, RecoverDeliveriesReply>('webhook-dispatcher.recover'),
  /** A new secret, shown once; the old one keeps signing too until `previousSecretExpiresAt`. */
  rotateSecret: rpc<WebhookRef, WebhookWithSecret>('webhook-dispatcher.rotateSecret'),
  eventTypes: rpc<Record<string, never>, EventTypeInfo[]>('webhook-dispatcher.eventTypes'),
};
