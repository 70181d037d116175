import { Injectable } from '@nestjs/common';
import { WebhookRef } from '@portcullis/contracts';
import { requireOwned } from './subscription-access';
import { SubscriptionRepository } from './subscription.repository';

/**
 * DELETE /webhooks/:id. Queued jobs of its deliveries find their rows gone and stop without
 * sending, so nothing needs to be fished out of the queue here.
 */
@Injectable()
export class DeleteSubscriptionUseCase {
  constructor(private readonly subscriptions: SubscriptionRepository) {}

  async execute(request: WebhookRef): Promise<void> {
    const subscription = await requireOwned(this.subscriptions, request.owner, request.id);
    await this.subscriptions.delete(subscription.id);
  }
}
