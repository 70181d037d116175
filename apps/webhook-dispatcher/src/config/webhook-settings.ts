import { WebhookDispatcherConfig } from './webhook-dispatcher.config';

/** What the use cases need from config, in the units they use, so unit tests can build it by hand. */
export interface WebhookSettings {
  allowPrivateTargets: boolean;
  secretOverlapMs: number;
  timeoutMs: number;
  /** Delay before retry n (0-based); its length is the number of retries after the first attempt. */
  retryScheduleMs: number[];
  disableAfterMs: number;
  perEndpointConcurrency: number;
  /** Between two looks for due deliveries without a job (across every replica). */
  reconcileIntervalMs: number;
  /** How long past due a delivery must be before it counts as stranded. */
  reconcileGraceMs: number;
  /** Longest a subscription owner's cached standing (roles, active) lives without a change notice. */
  ownerViewTtlMs: number;
}

export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');

export function webhookSettingsFrom(config: WebhookDispatcherConfig): WebhookSettings {
  return {
    allowPrivateTargets: config.ALLOW_PRIVATE_TARGETS,
    secretOverlapMs: config.WEBHOOK_SECRET_OVERLAP_SECONDS * 1000,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    retryScheduleMs: config.WEBHOOK_RETRY_SCHEDULE,
    disableAfterMs: config.WEBHOOK_DISABLE_AFTER_SECONDS * 1000,
    perEndpointConcurrency: config.WEBHOOK_PER_ENDPOINT_CONCURRENCY,
    reconcileIntervalMs: config.WEBHOOK_RECONCILE_INTERVAL_SECONDS * 1000,
    reconcileGraceMs: config.WEBHOOK_RECONCILE_GRACE_SECONDS * 1000,
    ownerViewTtlMs: config.USER_VIEW_TTL_SECONDS * 1000,
  };
}
