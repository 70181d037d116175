import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { Clock, domainEvent } from '@portcullis/common';
import { WebhookDisabledReason, WebhookEvents } from '@portcullis/contracts';
import { WEBHOOK_SETTINGS, WebhookSettings } from '../config/webhook-settings';
import { SubscriptionRecord, SubscriptionRepository } from '../subscriptions/subscription.repository';

/**
 * Tracks each endpoint's run of failures. A success ends the run; a run that has lasted
 * WEBHOOK_DISABLE_AFTER_SECONDS disables the subscription, and so does a 410 Gone at once. Either
 * way admins hear of it through a `webhook.endpoint.disabled` event.
 */
@Injectable()
export class EndpointHealth {
  private readonly logger = new Logger(EndpointHealth.name);

  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly bus: BusClient,
    private readonly clock: Clock,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: Pick<WebhookSettings, 'disableAfterMs'>,
  ) {}

  /**
   * `subscription` was read as this attempt began, so a run that is not under way needs no write:
   * on a healthy endpoint that is nearly every delivery, and the write was one more round trip.
   */
  async succeeded(subscription: SubscriptionRecord): Promise<void> {
    if (subscription.failingSince) await this.subscriptions.clearFailing(subscription.id);
  }

  /** Resolves true when this failure ended the subscription's patience and it is now disabled. */
  async failed(subscription: SubscriptionRecord): Promise<boolean> {
    const now = this.clock.now();
    const since = await this.subscriptions.markFailing(subscription.id, now);
    if (!since || now.getTime() - since.getTime() < this.settings.disableAfterMs) return false;
    await this.disable(subscription, 'failing');
    return true;
  }

  async disable(subscription: SubscriptionRecord, reason: WebhookDisabledReason): Promise<void> {
    const disabled = await this.subscriptions.disable(subscription.id, reason);
    if (disabled) await this.announce(disabled, reason);
  }

  /**
   * The subscription is already off; failing the delivery now would change nothing, so a lost
   * event is logged rather than thrown.
   */
  private async announce(subscription: SubscriptionRecord, reason: WebhookDisabledReason): Promise<void> {
    this.logger.warn(`Webhook ${subscription.id} disabled (${reason})`);
    const event = domainEvent(WebhookEvents.endpointDisabled, {
      subject: { type: 'webhook', id: subscription.id },
      actor: { type: 'system', id: 'webhook-dispatcher' },
      data: {
        webhookId: subscription.id,
        ownerUserId: subscription.ownerUserId,
        reason,
        failingSince: subscription.failingSince?.toISOString() ?? null,
      },
    });
    await this.bus.publish(WebhookEvents.endpointDisabled, event).catch((err: Error) => {
      this.logger.error(`Could not publish ${event.type} for webhook ${subscription.id}: ${err.message}`);
    });
  }
}
