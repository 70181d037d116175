import { once } from '@portcullis/observability';
import { Counter } from 'prom-client';

export const apiKeyStaleServed = once(
  'api_key_stale_cache_served_total',
  () =>
    new Counter({
      name: 'api_key_stale_cache_served_total',
      help: 'Requests admitted by a cached API-key verification because the token or user app could not answer',
    }),
);
