import { Injectable } from '@nestjs/common';
import { CreateWebhookRequest, WebhookWithSecret } from '@portcullis/contracts';
import { SecretBox } from '@portcullis/security';
import { withSecret } from './subscription-dto';
import { SubscriptionRepository } from './subscription.repository';
import { UrlGuard } from './url-guard';
import { scopeForbidden } from './webhook-errors';
import { newWebhookSecret } from './webhook-secret';

/**
 * POST /webhooks: the only reply, with rotateSecret's, that ever carries the secret. The request
 * arrives checked and normalised by its contract (url trimmed, filters known and deduplicated).
 */
@Injectable()
export class CreateSubscriptionUseCase {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly urlGuard: UrlGuard,
    private readonly box: SecretBox,
  ) {}

  async execute(request: CreateWebhookRequest): Promise<WebhookWithSecret> {
    const { owner, url, scope = 'own' } = request;
    if (scope === 'all' && !owner.isAdmin) throw scopeForbidden();
    await this.urlGuard.assertAllowed(url);

    const secret = newWebhookSecret();
    const record = await this.subscriptions.insert({
      ownerUserId: owner.userId,
      url,
      events: request.events,
      description: request.description ?? null,
      scope,
      secretSealed: this.box.seal(secret),
    });
    return withSecret(record, secret);
  }
}
