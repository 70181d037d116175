import { once } from '@portcullis/observability';
import { Counter, Histogram } from 'prom-client';

export const jwtVerifyCacheHits = once(
  'jwt_verify_cache_hits_total',
  () =>
    new Counter({
      name: 'jwt_verify_cache_hits_total',
      help: 'Access tokens answered from the in-memory verified-token cache',
    }),
);
export const authRequests = once(
  'auth_requests_total',
  () =>
    new Counter({
      name: 'auth_requests_total',
      help: 'Authentication outcomes at the gateway',
      labelNames: ['operation', 'outcome'],
    }),
);
export const authDuration = once(
  'auth_request_duration_seconds',
  () =>
    new Histogram({
      name: 'auth_request_duration_seconds',
      help: 'Time to serve auth operations',
      labelNames: ['operation'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
);
