import { Injectable } from '@nestjs/common';
import { CreateWebhookRequest, WebhookWithSecret } from '@portcullis/contracts';
import { SecretBox } from '@portcullis/security';
import { requireOwner } from './subscription-access';
import { withSecret } from './subscription-dto';
import {
  assertValid,
  descriptionErrors,
  eventsErrors,
  normaliseDescription,
  normaliseEvents,
  normaliseScope,
  scopeErrors,
  urlErrors,
} from './subscription-input';
import { SubscriptionRepository } from './subscription.repository';
import { UrlGuard } from './url-guard';
import { scopeForbidden } from './webhook-errors';
import { newWebhookSecret } from './webhook-secret';

/** POST /webhooks: the only reply, with rotateSecret's, that ever carries the secret. */
@Injectable()
export class CreateSubscriptionUseCase {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly urlGuard: UrlGuard,
    private readonly box: SecretBox,
  ) {}

  async execute(request: CreateWebhookRequest): Promise<WebhookWithSecret> {
    const owner = requireOwner(request?.owner);
    assertValid([...urlErrors(request.url), ...eventsErrors(request.events), ...descriptionErrors(request.description), ...scopeErrors(request.scope)]);
    const scope = normaliseScope(request.scope);
    if (scope === 'all' && !owner.isAdmin) throw scopeForbidden();
    const url = request.url.trim();
    await this.urlGuard.assertAllowed(url);

    const secret = newWebhookSecret();
    const record = await this.subscriptions.insert({
      ownerUserId: owner.userId,
      url,
      events: normaliseEvents(request.events),
      description: normaliseDescription(request.description),
      scope,
      secretSealed: this.box.seal(secret),
    });
    return withSecret(record, secret);
  }
}
