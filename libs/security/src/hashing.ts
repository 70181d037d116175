import { hash, randomBytes, timingSafeEqual } from 'crypto';

/** SHA-256 hex: for high-entropy secrets (refresh tokens, API keys) stored only as a lookup hash. */
export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}

/**
 * SHA-256 in base64url. One-shot (`crypto.hash`): a third of `createHash`'s cost for a short input,
 * which matters where it runs per request (the gateway's API-key cache).
 */
export function sha256Base64url(value: string): string {
  return hash('sha256', value, 'base64url');
}

/** A URL-safe random token with `bytes` of entropy, optionally prefixed (`rt_`, `pk_live_`, …). */
export function randomToken(bytes = 32, prefix = ''): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
