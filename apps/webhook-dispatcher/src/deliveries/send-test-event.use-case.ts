import { Injectable } from '@nestjs/common';
import { domainEvent } from '@portcullis/common';
import { TestWebhookReply, WebhookEvents, WebhookRef } from '@portcullis/contracts';
import { toWebhookPayload } from '../events/webhook-payload';
import { requireManageable } from '../subscriptions/subscription-access';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { webhookDisabled } from '../subscriptions/webhook-errors';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryRepository } from './delivery.repository';

/**
 * POST /webhooks/:id/test: a real `webhook.test` event, delivered to this subscription only, by the
 * same path as every other delivery (signing, retries, attempt history). It is not published on
 * the bus, so no other subscriber — not even a `*` one — receives it.
 */
@Injectable()
export class SendTestEventUseCase {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueue,
  ) {}

  async execute(request: WebhookRef): Promise<TestWebhookReply> {
    const subscription = await requireManageable(this.subscriptions, request.owner, request.id);
    if (!subscription.isActive) throw webhookDisabled();
    const event = domainEvent(WebhookEvents.test, {
      subject: { type: 'webhook', id: subscription.id },
      actor: { type: 'user', id: request.owner.userId },
      data: { webhookId: subscription.id, message: 'Test event from Portcullis' },
    });
    const [delivery] = await this.deliveries.createForEvents([
      { payload: toWebhookPayload(event), subscriptionIds: [subscription.id] },
    ]);
    await this.queue.enqueue([delivery]);
    return { eventId: event.id, deliveryId: delivery.id };
  }
}
