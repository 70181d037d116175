import { once } from '@portcullis/observability';
import { Counter } from 'prom-client';

export const rateLimitExceeded = once(
  'rate_limit_exceeded_total',
  () =>
    new Counter({
      name: 'rate_limit_exceeded_total',
      help: 'Requests refused by a rate limit',
      labelNames: ['scope', 'policy'],
    }),
);
export const rateLimitFallback = once(
  'rate_limit_fallback_total',
  () =>
    new Counter({
      name: 'rate_limit_fallback_total',
      help: 'Rate-limit checks decided in process memory because Redis could not answer in time',
    }),
);
