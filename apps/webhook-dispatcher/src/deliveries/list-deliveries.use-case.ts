import { Injectable } from '@nestjs/common';
import { DELIVERY_STATUSES, DeliveryDto, ListDeliveriesRequest, Page } from '@portcullis/contracts';
import { pageOf } from '../common/paging';
import { requireManageable } from '../subscriptions/subscription-access';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { webhookInvalid } from '../subscriptions/webhook-errors';
import { toDeliveryDto } from './delivery-dto';
import { DeliveryRepository } from './delivery.repository';

/** GET /webhooks/:id/deliveries: newest first, each with every attempt. */
@Injectable()
export class ListDeliveriesUseCase {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
  ) {}

  async execute(request: ListDeliveriesRequest): Promise<Page<DeliveryDto>> {
    const subscription = await requireManageable(this.subscriptions, request.owner, request.id);
    if (request.status !== undefined && !DELIVERY_STATUSES.includes(request.status)) {
      throw webhookInvalid([{ field: 'status', messages: [`status must be one of ${DELIVERY_STATUSES.join(', ')}`] }]);
    }
    const { page, limit } = pageOf(request);
    const { items, total } = await this.deliveries.listForSubscription(subscription.id, request.status, page, limit);
    return { items: items.map(toDeliveryDto), total, page, limit };
  }
}
