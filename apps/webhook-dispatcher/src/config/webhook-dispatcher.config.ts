import { ConfigError, env, loadConfig, serviceConfigSchema } from '@portcullis/config';
import { z } from 'zod';
import { retrySchedule } from './retry-schedule.env';

/** Used only outside production, so a developer machine starts with no secrets to set up. */
export const DEV_SECRET_ENCRYPTION_KEY = 'portcullis-dev-only-webhook-secret-encryption-key';

/** Operators often write `VAR=` meaning "not set"; treat that as absent rather than as a bad value. */
const optionalSecret = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.string().min(16, 'must be at least 16 characters').optional(),
);

export const webhookDispatcherConfigSchema = serviceConfigSchema(3006).extend({
  /**
   * Bus messages in flight. Higher than other apps': fan-out handles the events it holds as one
   * batch (one query, one insert, one addBulk), so more in flight means bigger batches, not more
   * concurrent work — measured: 10,000 events fanned out in 2.5 s at 256, 5.5 s at 64.
   */
  BUS_CONCURRENCY: env.int(256, 1),
  /** Seals subscription secrets at rest; they must be recoverable, because every delivery signs with them. */
  WEBHOOK_SECRET_ENCRYPTION_KEY: optionalSecret,
  /** After a rotation the old secret keeps signing (a second signature) this long. */
  WEBHOOK_SECRET_OVERLAP_SECONDS: env.int(86400, 0),
  /** Dev and tests only: let subscriptions point at loopback and private addresses. */
  ALLOW_PRIVATE_TARGETS: env.bool(false),
  WEBHOOK_TIMEOUT_MS: env.int(10_000, 100),
  /** Seconds before each retry, comma-separated; its length is the number of retries. */
  WEBHOOK_RETRY_SCHEDULE: retrySchedule('5,300,1800,7200,18000,36000,36000'),
  /** An endpoint failing without a single success for this long is disabled (5 days). */
  WEBHOOK_DISABLE_AFTER_SECONDS: env.int(432_000, 1),
  /** Requests in flight to one subscription at once, across every replica. */
  WEBHOOK_PER_ENDPOINT_CONCURRENCY: env.int(4, 1),
  /**
   * Deliveries one replica works on at once. Mostly waiting on receivers; and the attempts running
   * side by side share their database round trips, so more in flight also costs less each
   * (bench:webhooks, same machine and hour: 2,100–2,300 deliveries/s at 128, 1,950–2,200 at 64,
   * about 1,300 at 16). One receiver still gets no more than WEBHOOK_PER_ENDPOINT_CONCURRENCY.
   */
  WEBHOOK_WORKER_CONCURRENCY: env.int(128, 1),
  /** BullMQ job lock; a crashed replica's jobs are picked up again about this long after it died. */
  WEBHOOK_JOB_LOCK_MS: env.int(30_000, 1000),
  /**
   * How often one replica (a lock in Redis picks it) looks for open deliveries that are due but have
   * no queued job — Redis lost them (restarted without persistence, flushed) — and queues them again.
   */
  WEBHOOK_RECONCILE_INTERVAL_SECONDS: env.int(30, 1),
  /** A delivery is taken for stranded only this long after it fell due: its job may just be late. */
  WEBHOOK_RECONCILE_GRACE_SECONDS: env.int(60, 0),
  /** Longest a subscription owner's cached roles live without a change notice from the user app. */
  USER_VIEW_TTL_SECONDS: env.int(30, 1),
});

export type WebhookDispatcherConfig = Omit<
  z.infer<typeof webhookDispatcherConfigSchema>,
  'WEBHOOK_SECRET_ENCRYPTION_KEY'
> & {
  WEBHOOK_SECRET_ENCRYPTION_KEY: string;
  /** True when the dev fallback is in use; main logs a warning once. */
  usingDevSecretEncryptionKey: boolean;
};

export function loadWebhookDispatcherConfig(environment: NodeJS.ProcessEnv = process.env): WebhookDispatcherConfig {
  const { WEBHOOK_SECRET_ENCRYPTION_KEY: key, ...rest } = loadConfig(webhookDispatcherConfigSchema, environment);
  const problems: string[] = [];
  if (rest.NODE_ENV === 'production' && !key) {
    problems.push(
      'WEBHOOK_SECRET_ENCRYPTION_KEY: required when NODE_ENV=production (it seals the webhook signing secrets)',
    );
  }
  if (rest.NODE_ENV === 'production' && rest.ALLOW_PRIVATE_TARGETS) {
    problems.push(
      'ALLOW_PRIVATE_TARGETS: must not be true when NODE_ENV=production (it lets webhooks reach internal addresses)',
    );
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    ...rest,
    WEBHOOK_SECRET_ENCRYPTION_KEY: key ?? DEV_SECRET_ENCRYPTION_KEY,
    usingDevSecretEncryptionKey: !key,
  };
}
