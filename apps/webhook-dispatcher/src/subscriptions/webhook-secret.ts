import { randomBytes } from 'crypto';

const PREFIX = 'whsec_';

/**
 * `whsec_` + base64 of 32 random bytes: the Standard Webhooks secret format, so receivers can pass
 * it straight to the `standardwebhooks` or `svix` libraries.
 */
export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The HMAC key both signatures use: the bytes the base64 after `whsec_` decodes to. */
export function secretKeyBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}
