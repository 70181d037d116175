import { Injectable } from '@nestjs/common';
import { WebhookEvents, WebhookPayload } from '@portcullis/contracts';
import { isUuid } from '../common/uuid';
import { DeliveryQueue } from '../deliveries/delivery-queue';
import { DeliveryRepository } from '../deliveries/delivery.repository';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { usersConcerned, wantsEvent } from './event-matching';

/**
 * Turns one domain event into one delivery per interested subscription, and queues them. Safe to
 * run again for the same event (the bus is at-least-once): deliveries are unique per (event,
 * subscription) and jobs per delivery, so a repeat only re-queues what never got queued — the case
 * where a replica died between storing the deliveries and queueing them.
 */
@Injectable()
export class FanOutEventUseCase {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueue,
  ) {}

  /** Resolves how many subscriptions the event is for. */
  async execute(event: WebhookPayload): Promise<number> {
    // Test events are addressed to one subscription when created (SendTestEventUseCase), never fanned out.
    if (event.type === WebhookEvents.test.type) return 0;
    const candidates = await this.subscriptions.findCandidates(usersConcerned(event).filter(isUuid));
    const targets = candidates.filter((subscription) => wantsEvent(subscription, event));
    if (targets.length === 0) return 0;
    const deliveries = await this.deliveries.createForEvent(event, targets.map((s) => s.id));
    await this.queue.enqueue(deliveries.filter((d) => d.status === 'pending'));
    return targets.length;
  }
}
