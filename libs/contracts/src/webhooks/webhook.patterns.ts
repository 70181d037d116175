import { z } from 'zod';
import { pageOf } from '../common/common.schemas';
import { Page } from '../common/page';
import { empty } from '../common/schema-helpers';
import { ErrorCode } from '../errors/error-codes';
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
import * as s from './webhook.schemas';

/**
 * What the gateway asks of the webhook dispatcher (DESIGN §3 "Webhooks"). Every request names its
 * `owner`; an id that is not the owner's (unless admin) is WEBHOOK_NOT_FOUND.
 */
export const WebhookPatterns = {
  /**
   * WEBHOOK_INVALID (details.errors) for a payload failing its schema (url, events, description,
   * scope), WEBHOOK_URL_FORBIDDEN, WEBHOOK_SCOPE_FORBIDDEN.
   */
  create: rpc<CreateWebhookRequest, WebhookWithSecret>('webhook-dispatcher.create', {
    payload: s.createWebhookRequestSchema,
    reply: s.webhookWithSecretSchema,
    invalidCode: ErrorCode.WEBHOOK_INVALID,
  }),
  list: rpc<ListWebhooksRequest, Page<WebhookDto>>('webhook-dispatcher.list', {
    payload: s.listWebhooksRequestSchema,
    reply: pageOf(s.webhookDtoSchema),
  }),
  get: rpc<WebhookRef, WebhookDto>('webhook-dispatcher.get', {
    payload: s.webhookRefSchema,
    reply: s.webhookDtoSchema,
  }),
  /** As create, for the fields given. */
  update: rpc<UpdateWebhookRequest, WebhookDto>('webhook-dispatcher.update', {
    payload: s.updateWebhookRequestSchema,
    reply: s.webhookDtoSchema,
    invalidCode: ErrorCode.WEBHOOK_INVALID,
  }),
  /** Its deliveries and their history go with it. */
  delete: rpc<WebhookRef, void>('webhook-dispatcher.delete', { payload: s.webhookRefSchema, reply: z.void() }),
  /** Delivers a `webhook.test` event to this subscription only, now; WEBHOOK_DISABLED. */
  test: rpc<WebhookRef, TestWebhookReply>('webhook-dispatcher.test', {
    payload: s.webhookRefSchema,
    reply: s.testWebhookReplySchema,
  }),
  listDeliveries: rpc<ListDeliveriesRequest, Page<DeliveryDto>>('webhook-dispatcher.listDeliveries', {
    payload: s.listDeliveriesRequestSchema,
    reply: pageOf(s.deliveryDtoSchema),
  }),
  retryDelivery: rpc<RetryDeliveryRequest, DeliveryDto>('webhook-dispatcher.retryDelivery', {
    payload: s.retryDeliveryRequestSchema,
    reply: s.deliveryDtoSchema,
  }),
  /** WEBHOOK_INVALID for a bad range; WEBHOOK_DISABLED. */
  recover: rpc<RecoverDeliveriesRequest, RecoverDeliveriesReply>('webhook-dispatcher.recover', {
    payload: s.recoverDeliveriesRequestSchema,
    reply: s.recoverDeliveriesReplySchema,
  }),
  /** A new secret, shown once; the old one keeps signing too until `previousSecretExpiresAt`. */
  rotateSecret: rpc<WebhookRef, WebhookWithSecret>('webhook-dispatcher.rotateSecret', {
    payload: s.webhookRefSchema,
    reply: s.webhookWithSecretSchema,
  }),
  eventTypes: rpc<Record<string, never>, EventTypeInfo[]>('webhook-dispatcher.eventTypes', {
    payload: empty(),
    reply: z.array(s.eventTypeInfoSchema),
  }),
};
