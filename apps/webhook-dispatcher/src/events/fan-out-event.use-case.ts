import { Injectable } from '@nestjs/common';
import { WebhookEvents, WebhookPayload } from '@portcullis/contracts';
import { isUuid } from '@portcullis/common';
import { DeliveryQueue } from '../deliveries/delivery-queue';
import { DeliveryRepository } from '../deliveries/delivery.repository';
import { OwnerAuthority } from '../owners/owner-authority';
import { SubscriptionRecord, SubscriptionRepository } from '../subscriptions/subscription.repository';
import { usersConcerned, wantsEvent } from './event-matching';

/**
 * Turns domain events into one delivery per interested subscription, and queues them. Safe to run
 * again for the same event (the bus is at-least-once): deliveries are unique per (event,
 * subscription) and jobs per delivery, so a repeat only re-queues what never got queued — the case
 * where a replica died between storing the deliveries and queueing them.
 *
 * Events come in batches (see fan-out-batcher.ts) so that a burst costs one candidates query, one
 * INSERT and one addBulk per batch rather than per event.
 *
 * A scope-all subscription receives only while its owner holds webhooks:scope-all now (asked of
 * the cached OwnerAuthority once per owner per batch): a demoted, disabled or deleted admin's
 * subscription gets nothing from the moment the user app announces the change, even before
 * ApplyOwnerChangeUseCase has paused it.
 */
@Injectable()
export class FanOutEventUseCase {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly queue: DeliveryQueue,
    private readonly authority: OwnerAuthority,
  ) {}

  /** Resolves how many subscriptions the event is for. */
  async execute(event: WebhookPayload): Promise<number> {
    const [count] = await this.executeBatch([event]);
    return count;
  }

  /** Resolves, per event and in order, how many subscriptions it is for; settles only once all are queued. */
  async executeBatch(events: WebhookPayload[]): Promise<number[]> {
    const fannedOut = events.filter(isFannedOut);
    const users = [...new Set(fannedOut.flatMap(usersConcerned))].filter(isUuid);
    const candidates = fannedOut.length
      ? await this.withinAuthority(await this.subscriptions.findCandidates(users))
      : [];
    const targets = events.map((event) => (isFannedOut(event) ? targetsOf(event, candidates) : []));
    const wanted = events
      .map((payload, i) => ({ payload, subscriptionIds: targets[i] }))
      .filter((t) => t.subscriptionIds.length > 0);
    if (wanted.length > 0) {
      const deliveries = await this.deliveries.createForEvents(wanted);
      await this.queue.enqueue(deliveries.filter((d) => d.status === 'pending'));
    }
    return targets.map((ids) => ids.length);
  }

  /** Drops the scope-all subscriptions whose owners no longer hold the permission. */
  private async withinAuthority(candidates: SubscriptionRecord[]): Promise<SubscriptionRecord[]> {
    const scopeAllOwners = candidates.filter((s) => s.scope === 'all').map((s) => s.ownerUserId);
    if (scopeAllOwners.length === 0) return candidates;
    const holders = await this.authority.holdersOf(scopeAllOwners);
    return candidates.filter((s) => s.scope !== 'all' || holders.has(s.ownerUserId));
  }
}

/** Test events are addressed to one subscription when created (SendTestEventUseCase), never fanned out. */
const isFannedOut = (event: WebhookPayload) => event.type !== WebhookEvents.test.type;

function targetsOf(event: WebhookPayload, candidates: SubscriptionRecord[]): string[] {
  return candidates.filter((subscription) => wantsEvent(subscription, event)).map((s) => s.id);
}
