import { once } from '@portcullis/observability';
import { Counter } from 'prom-client';

/** `failed_auth_attempts_total` (DESIGN §6): every failed login security records, any account, any IP. */
export const failedAuthAttempts = once(
  'failed_auth_attempts_total',
  () =>
    new Counter({
      name: 'failed_auth_attempts_total',
      help: 'Failed login attempts recorded by security (any account, any IP)',
    }),
);
