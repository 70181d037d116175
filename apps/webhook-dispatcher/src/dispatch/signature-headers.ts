import { createHmac } from 'crypto';
import { Webhook } from 'standardwebhooks';
import { secretKeyBytes } from '../subscriptions/webhook-secret';

export interface SigningSecrets {
  current: string;
  /** The secret before the last rotation, while its overlap window lasts. */
  previous?: string | null;
}

/**
 * The signing headers of one attempt. `webhook-*` follow the Standard Webhooks spec (made by its
 * reference library, so any receiver using `standardwebhooks` or `svix` verifies them); during a
 * rotation overlap `webhook-signature` holds one `v1,` signature per secret, space-separated, and a
 * receiver still on the old secret keeps verifying. `X-Portcullis-Signature` is a plain HMAC of the
 * body for receivers without a library, keyed with the current secret's bytes.
 */
export function signatureHeaders(eventId: string, timestamp: Date, body: string, secrets: SigningSecrets): Record<string, string> {
  const signers = [secrets.current, secrets.previous].filter((s): s is string => Boolean(s));
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signers.map((secret) => new Webhook(secret).sign(eventId, timestamp, body)).join(' '),
    'x-portcullis-signature': `sha256=${createHmac('sha256', secretKeyBytes(secrets.current)).update(body).digest('hex')}`,
  };
}
