import { createHash, randomBytes, timingSafeEqual } from 'crypto';

/** SHA-256 hex: for high-entropy secrets (refresh tokens, API keys) stored only as a lookup hash. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
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
