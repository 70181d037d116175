import { Injectable } from '@nestjs/common';
import { DeliveryDto, RetryDeliveryRequest } from '@portcullis/contracts';
import { isUuid } from '@portcullis/common';
import { requireManageable } from '../subscriptions/subscription-access';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { deliveryNotFound, webhookDisabled } from '../subscriptions/webhook-errors';
import { toDeliveryDto } from './delivery-dto';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryRepository } from './delivery.repository';

/**
 * POST /webhooks/:id/deliveries/:deliveryId/retry: sends it again now with a fresh retry schedule,
 * whatever its status. The event id (the `webhook-id` header) stays the same, so a receiver that
 * already has it can tell.
 */
@Injectable()
export class RetryDeliveryUseCase {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueue,
  ) {}

  async execute(request: RetryDeliveryRequest): Promise<DeliveryDto> {
    const subscription = await requireManageable(this.subscriptions, request.owner, request.id);
    if (!subscription.isActive) throw webhookDisabled();
    const existing = isUuid(request.deliveryId) ? await this.deliveries.findById(request.deliveryId) : null;
    if (!existing || existing.subscriptionId !== subscription.id) throw deliveryNotFound();

    const requeued = await this.deliveries.requeue(existing.id);
    if (!requeued) throw deliveryNotFound();
    await this.queue.enqueue([requeued]);
    return toDeliveryDto({ ...requeued, attempts: existing.attempts });
  }
}
