import { Injectable } from '@nestjs/common';
import { ListWebhooksRequest, Page, WebhookDto, WebhookRef } from '@portcullis/contracts';
import { pageOf } from '../common/paging';
import { requireOwned } from './subscription-access';
import { toWebhookDto } from './subscription-dto';
import { SubscriptionRepository } from './subscription.repository';

/** The read side of subscriptions: a page of them (everyone's for admins), or one. */
@Injectable()
export class QuerySubscriptionsUseCase {
  constructor(private readonly subscriptions: SubscriptionRepository) {}

  async list(request: ListWebhooksRequest): Promise<Page<WebhookDto>> {
    const { owner } = request;
    const { page, limit } = pageOf(request);
    const { items, total } = await this.subscriptions.list(owner.isAdmin ? null : owner.userId, page, limit);
    return { items: items.map(toWebhookDto), total, page, limit };
  }

  async get(request: WebhookRef): Promise<WebhookDto> {
    return toWebhookDto(await requireOwned(this.subscriptions, request.owner, request.id));
  }
}
