import { Inject, Injectable } from '@nestjs/common';
import { WebhookRef, WebhookWithSecret } from '@portcullis/contracts';
import { SecretBox } from '@portcullis/security';
import { Clock } from '@portcullis/common';
import { WEBHOOK_SETTINGS, WebhookSettings } from '../config/webhook-settings';
import { requireManageable } from './subscription-access';
import { withSecret } from './subscription-dto';
import { SubscriptionRepository } from './subscription.repository';
import { webhookNotFound } from './webhook-errors';
import { newWebhookSecret } from './webhook-secret';

/** Racing rotations retry on the fresh row; more than this many in a row means something is wrong. */
const MAX_TRIES = 3;

/**
 * POST /webhooks/:id/rotate-secret: a new secret, shown once. The one it replaces keeps signing
 * (a second `v1,` signature) for the overlap window, so receivers can switch without losing events.
 */
@Injectable()
export class RotateSecretUseCase {
  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: Pick<WebhookSettings, 'secretOverlapMs'>,
  ) {}

  async execute(request: WebhookRef): Promise<WebhookWithSecret> {
    let current = await requireManageable(this.subscriptions, request.owner, request.id);
    const secret = newWebhookSecret();
    const overlap = this.settings.secretOverlapMs;
    for (let tries = 1; ; tries++) {
      const expires = overlap > 0 ? new Date(this.clock.now().getTime() + overlap) : null;
      const rotated = await this.subscriptions.rotateSecret(
        current.id,
        current.secretSealed,
        this.box.seal(secret),
        expires,
      );
      if (rotated) return withSecret(rotated, secret);
      const fresh = await this.subscriptions.findById(current.id);
      if (!fresh || tries >= MAX_TRIES) throw webhookNotFound();
      current = fresh;
    }
  }
}
