import { Injectable } from '@nestjs/common';
import { UpdateWebhookRequest, WebhookDto } from '@portcullis/contracts';
import { requireManageable } from './subscription-access';
import { toWebhookDto } from './subscription-dto';
import { assertValid, descriptionErrors, eventsErrors, normaliseDescription, normaliseEvents, scopeErrors, urlErrors } from './subscription-input';
import { SubscriptionChanges, SubscriptionRecord, SubscriptionRepository } from './subscription.repository';
import { UrlGuard } from './url-guard';
import { scopeForbidden, webhookInvalid, webhookNotFound } from './webhook-errors';

/** PATCH /webhooks/:id: only the fields given change, each validated as on create. */
@Injectable()
export class UpdateSubscriptionUseCase {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly urlGuard: UrlGuard,
  ) {}

  async execute(request: UpdateWebhookRequest): Promise<WebhookDto> {
    const current = await requireManageable(this.subscriptions, request?.owner, request?.id);
    const { url, events, description, scope, isActive } = request;
    assertValid([
      ...(url !== undefined ? urlErrors(url) : []),
      ...(events !== undefined ? eventsErrors(events) : []),
      ...descriptionErrors(description),
      ...scopeErrors(scope),
    ]);
    if (isActive !== undefined && typeof isActive !== 'boolean') throw webhookInvalid([{ field: 'isActive', messages: ['isActive must be a boolean'] }]);
    if (scope === 'all' && !request.owner.isAdmin) throw scopeForbidden();

    const changes: SubscriptionChanges = {};
    if (url !== undefined) {
      changes.url = url.trim();
      await this.urlGuard.assertAllowed(changes.url);
    }
    if (events !== undefined) changes.events = normaliseEvents(events);
    if (description !== undefined) changes.description = normaliseDescription(description);
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
