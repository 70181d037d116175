import { Injectable, Logger } from '@nestjs/common';
import { Events, WebhookPayload } from '@portcullis/contracts';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';
import { OwnerAuthority } from './owner-authority';

/** The user app's events after which an owner may hold less than before. */
const OWNER_CHANGES: ReadonlySet<string> = new Set([
  Events.userRolesChanged.type,
  Events.userDisabled.type,
  Events.userEnabled.type,
  Events.userDeleted.type,
]);

/**
 * Keeps subscriptions within their owners' authority when it shrinks: a deleted user's
 * subscriptions are removed (their deliveries with them); an owner who no longer holds
 * webhooks:scope-all (demoted, disabled) has every scope-all subscription paused
 * (`owner_unauthorized`), kept for them to see or delete, resumed only by someone who holds the
 * permission. It re-reads the owner's current standing rather than trusting the event's data, so
 * a redelivered old event cannot undo a later promotion or pause a subscription wrongly. (Fan-out
 * also checks standings for every batch, which covers the moments before this event arrives.)
 */
@Injectable()
export class ApplyOwnerChangeUseCase {
  private readonly logger = new Logger(ApplyOwnerChangeUseCase.name);

  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly authority: OwnerAuthority,
  ) {}

  async execute(event: Pick<WebhookPayload, 'type' | 'subject'>): Promise<void> {
    if (!OWNER_CHANGES.has(event.type) || event.subject?.type !== 'user') return;
    const userId = event.subject.id;
    this.authority.forget(userId);
    const standing = event.type === Events.userDeleted.type ? 'gone' : await this.authority.standingOf(userId);
    if (standing === 'gone') {
      const removed = await this.subscriptions.deleteByOwner(userId);
      if (removed) this.logger.log(`Removed ${removed} webhook subscription(s) of deleted user ${userId}`);
    } else if (standing === 'own') {
      const paused = await this.subscriptions.pauseScopeAll(userId);
      if (paused)
        this.logger.log(
          `Paused ${paused} scope-all webhook subscription(s) of ${userId}: no longer holds webhooks:scope-all`,
        );
    }
  }
}
