import { Injectable } from '@nestjs/common';
import { UpdateWebhookRequest, WebhookDto } from '@portcullis/contracts';
import { requireManageable } from './subscription-access';
import { toWebhookDto } from './subscription-dto';
import { SubscriptionChanges, SubscriptionRecord, SubscriptionRepository } from './subscription.repository';
import { UrlGuard } from './url-guard';
import { scopeForbidden, webhookNotFound } from './webhook-errors';

/** PATCH /webhooks/:id: only the fields given change, each checked by the contract as on create. */
@Injectable()
export class UpdateSubscriptionUseCase {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly urlGuard: UrlGuard,
  ) {}

  async execute(request: UpdateWebhookRequest): Promise<WebhookDto> {
    const current = await requireManageable(this.subscriptions, request.owner, request.id);
    const { url, events, description, scope, isActive } = request;
    if (scope === 'all' && !request.owner.isAdmin) throw scopeForbidden();

    const changes: SubscriptionChanges = {};
    if (url !== undefined) {
      changes.url = url;
      await this.urlGuard.assertAllowed(url);
    }
    if (events !== undefined) changes.events = events;
    if (description !== undefined) changes.description = description;
    if (scope !== undefined) changes.scope = scope;
    if (isActive !== undefined && isActive !== current.isActive) Object.assign(changes, activation(isActive));

    const updated = Object.keys(changes).length ? await this.subscriptions.update(current.id, changes) : current;
    if (!updated) throw webhookNotFound();
    return toWebhookDto(updated);
  }
}

/** Re-enabling starts with a clean slate: the old failing run must not disable it again at once. */
function activation(isActive: boolean): Pick<SubscriptionRecord, 'isActive' | 'disabledReason' | 'failingSince'> {
  return { isActive, disabledReason: null, failingSince: null };
}
