import { Inject, Injectable } from '@nestjs/common';
import { APP_VERSION } from '@portcullis/config';
import { WebhookPayload } from '@portcullis/contracts';
import { assertPublicUrl, ForbiddenUrlError, SecretBox } from '@portcullis/security';
import { LRUCache } from 'lru-cache';
import { Clock } from '@portcullis/common';
import { WEBHOOK_SETTINGS, WebhookSettings } from '../config/webhook-settings';
import { SubscriptionRecord } from '../subscriptions/subscription.repository';
import { signatureHeaders, SigningSecrets } from './signature-headers';
import { notSent, TransportResponse, WebhookTransport } from './webhook-transport';

export const FORBIDDEN_ADDRESS = 'url resolves to a forbidden address';
const UNRESOLVABLE = 'url host could not be resolved';

/** Builds, signs and sends one attempt of a delivery to a subscription's URL. */
@Injectable()
export class WebhookSender {
  /**
   * Opened secrets by their sealed form, so a busy endpoint's deliveries do not each decrypt it
   * again. A rotated secret is sealed anew, so it never hits a stale entry.
   */
  private readonly opened = new LRUCache<string, string>({
    max: 10_000,
    memoMethod: (sealed) => this.box.open(sealed),
  });

  constructor(
    private readonly transport: WebhookTransport,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: Pick<WebhookSettings, 'allowPrivateTargets' | 'timeoutMs'>,
  ) {}

  async send(subscription: SubscriptionRecord, payload: WebhookPayload): Promise<TransportResponse> {
    // Checked again on every attempt: the URL was public when saved, but DNS answers can change.
    const checked = await this.check(subscription.url);
    if (typeof checked === 'string') return notSent(checked);
    const now = this.clock.now();
    const body = JSON.stringify(payload);
    const headers = {
      'content-type': 'application/json',
      'user-agent': `Portcullis-Webhooks/${APP_VERSION}`,
      ...signatureHeaders(payload.id, now, body, this.secretsOf(subscription, now)),
    };
    return this.transport.post(subscription.url, body, headers, this.settings.timeoutMs, checked.addresses);
  }

  /**
   * The approved addresses to connect to, or why not. Always pinned, private targets allowed or not:
   * an unpinned request would ask DNS again and could land on a metadata address never checked.
   */
  private async check(url: string): Promise<{ addresses: string[] } | string> {
    try {
      const { addresses } = await assertPublicUrl(url, { allowPrivate: this.settings.allowPrivateTargets });
      return addresses.length ? { addresses } : UNRESOLVABLE;
    } catch (err) {
      if (!(err instanceof ForbiddenUrlError)) throw err;
      return err.reason === 'forbidden-address' ? FORBIDDEN_ADDRESS : err.message;
    }
  }

  private secretsOf(subscription: SubscriptionRecord, now: Date): SigningSecrets {
    const overlapping =
      subscription.previousSecretSealed &&
      subscription.previousSecretExpiresAt &&
      subscription.previousSecretExpiresAt > now;
    return {
      current: this.opened.memo(subscription.secretSealed),
      previous: overlapping ? this.opened.memo(subscription.previousSecretSealed!) : null,
    };
  }
}
