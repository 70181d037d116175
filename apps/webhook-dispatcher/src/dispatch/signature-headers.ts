import { createHmac } from 'crypto';
import { secretKeyBytes } from '../subscriptions/webhook-secret';

export interface SigningSecrets {
  current: string;
  /** The secret before the last rotation, while its overlap window lasts. */
  previous?: string | null;
}

/**
 * The signing headers of one attempt. `webhook-*` follow the Standard Webhooks spec: `v1,` and the
 * base64 HMAC-SHA256 of `<id>.<timestamp>.<body>` keyed with the secret's bytes, so any receiver
 * using `standardwebhooks` or `svix` verifies them (the unit tests check with that library; its
 * own signer hashes in pure JavaScript, several times slower than node:crypto here). During a
 * rotation overlap `webhook-signature` holds one `v1,` signature per secret, space-separated, and a
 * receiver still on the old secret keeps verifying. `X-Portcullis-Signature` is a plain HMAC of the
 * body for receivers without a library, keyed with the current secret's bytes.
 */
export function signatureHeaders(
  eventId: string,
  timestamp: Date,
  body: string,
  secrets: SigningSecrets,
): Record<string, string> {
  const signers = [secrets.current, secrets.previous].filter((s): s is string => Boolean(s));
  const seconds = Math.floor(timestamp.getTime() / 1000);
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(seconds),
    'webhook-signature': signers
      .map((secret) => `v1,${hmac(secret, `${eventId}.${seconds}.${body}`, 'base64')}`)
      .join(' '),
    'x-portcullis-signature': `sha256=${hmac(secrets.current, body, 'hex')}`,
  };
}

function hmac(secret: string, content: string, encoding: 'base64' | 'hex'): string {
  return createHmac('sha256', secretKeyBytes(secret)).update(content).digest(encoding);
}
