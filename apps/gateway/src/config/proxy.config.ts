import { env } from '@portcullis/config';
import { z } from 'zod';

/** Used only outside production, so a developer machine starts with no secrets to set up. */
export const DEV_UPSTREAM_SECRETS_KEY = 'portcullis-dev-only-upstream-secrets-key';

/** Operators often write `VAR=` meaning "not set"; treat that as absent rather than as a bad value. */
const optionalSecret = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.string().min(16, 'must be at least 16 characters').optional(),
);

/** The upstream registry and proxy's variables (DESIGN §3 "Upstream APIs and proxy"). */
export const proxyConfigFields = {
  /** Seals upstream credentials (authConfig) at rest with AES-256-GCM; required in production. */
  UPSTREAM_SECRETS_KEY: optionalSecret,
  /** Dev and tests only: let upstream APIs point at loopback and private addresses. */
  ALLOW_PRIVATE_TARGETS: env.bool(false),
  /** An API's timeout when it sets none: time to the upstream's response headers, and between body chunks. */
  PROXY_DEFAULT_TIMEOUT_MS: env.int(30_000, 100),
  /** Keep-alive connections per upstream origin, per replica. */
  PROXY_CONNECTIONS_PER_UPSTREAM: env.int(128, 1),
  /** Largest response header block accepted from an upstream; bigger is a 502. */
  PROXY_MAX_HEADER_BYTES: env.int(16 * 1024, 1024),
  /** The breaker opens when at least this share (%) of calls in the window failed... */
  PROXY_BREAKER_ERROR_PERCENT: env.int(50, 1),
  /** ...and the window saw at least this many calls. */
  PROXY_BREAKER_MIN_CALLS: env.int(10, 1),
  /** Rolling window of the breaker's counts. */
  PROXY_BREAKER_WINDOW_MS: env.int(10_000, 100),
  /** How long an open breaker waits before letting one probe through (half-open). */
  PROXY_BREAKER_RESET_MS: env.int(10_000, 50),
  /** Usage rows are written in batches of at most this many, at least this often. */
  USAGE_BATCH_SIZE: env.int(1000, 1),
  USAGE_FLUSH_MS: env.int(1000, 10),
};

export function proxyConfigProblems(nodeEnv: string, key: string | undefined, allowPrivate: boolean): string[] {
  const problems: string[] = [];
  if (nodeEnv === 'production' && !key)
    problems.push('UPSTREAM_SECRETS_KEY: required when NODE_ENV=production (it seals upstream credentials)');
  if (nodeEnv === 'production' && allowPrivate) {
    problems.push(
      'ALLOW_PRIVATE_TARGETS: must not be true when NODE_ENV=production (it lets the proxy reach internal addresses)',
    );
  }
  return problems;
}
