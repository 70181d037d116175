import { Inject, Injectable } from '@nestjs/common';
import { assertPublicUrl, ForbiddenUrlError } from '@portcullis/security';
import { WEBHOOK_SETTINGS, WebhookSettings } from '../config/webhook-settings';
import { urlForbidden, webhookInvalid } from './webhook-errors';

/**
 * The SSRF check at the moment a URL is saved. (Delivery checks again, because DNS may have changed
 * since; see dispatch/webhook-sender.ts.)
 */
@Injectable()
export class UrlGuard {
  constructor(@Inject(WEBHOOK_SETTINGS) private readonly settings: Pick<WebhookSettings, 'allowPrivateTargets'>) {}

  async assertAllowed(url: string): Promise<void> {
    try {
      await assertPublicUrl(url, { allowPrivate: this.settings.allowPrivateTargets });
    } catch (err) {
      if (!(err instanceof ForbiddenUrlError)) throw err;
      if (err.reason === 'forbidden-address')
        throw urlForbidden('url points at a loopback, private or link-local address');
      throw webhookInvalid([{ field: 'url', messages: [err.message] }]);
    }
  }
}
