import { Injectable } from '@nestjs/common';
import { RecoverDeliveriesReply, RecoverDeliveriesRequest } from '@portcullis/contracts';
import { Clock } from '@portcullis/common';
import { requireManageable } from '../subscriptions/subscription-access';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { FieldError, webhookDisabled, webhookInvalid } from '../subscriptions/webhook-errors';
import { DeliveryQueue } from './delivery-queue';
import { DeliveryRepository } from './delivery.repository';

/**
 * POST /webhooks/:id/recover: after an outage on the receiver's side, re-sends every failed or
 * dead delivery created in [since, until). Each keeps its event id, so receivers can deduplicate.
 */
@Injectable()
export class RecoverDeliveriesUseCase {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueue,
    private readonly clock: Clock,
  ) {}

  async execute(request: RecoverDeliveriesRequest): Promise<RecoverDeliveriesReply> {
    const subscription = await requireManageable(this.subscriptions, request.owner, request.id);
    const { since, until } = this.range(request);
    if (!subscription.isActive) throw webhookDisabled();
    const requeued = await this.deliveries.requeueRange(subscription.id, since, until);
    await this.queue.enqueue(requeued);
    return { requeued: requeued.length };
  }

  private range(request: RecoverDeliveriesRequest): { since: Date; until: Date } {
    const since = parseInstant(request.since);
    const until = request.until === undefined ? this.clock.now() : parseInstant(request.until);
    const errors: FieldError[] = [];
    if (!since) errors.push({ field: 'since', messages: ['since must be an ISO 8601 date-time'] });
    if (!until) errors.push({ field: 'until', messages: ['until must be an ISO 8601 date-time'] });
    else if (since && since >= until) errors.push({ field: 'until', messages: ['until must be after since'] });
    if (errors.length) throw webhookInvalid(errors);
    return { since: since!, until: until! };
  }
}

function parseInstant(raw: unknown): Date | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : new Date(ms);
}
