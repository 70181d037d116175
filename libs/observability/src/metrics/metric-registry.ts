import { register } from 'prom-client';

/**
 * Metrics live in prom-client's default registry (which @willsoto/nestjs-prometheus serves at
 * /metrics). Each is created on first use and reused after, so libs can share one without a DI hop.
 */
export function once<T>(name: string, create: () => T): () => T {
  return () => (register.getSingleMetric(name) as T | undefined) ?? create();
}
