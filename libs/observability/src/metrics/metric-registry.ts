import { Counter, Histogram, register } from 'prom-client';

/**
 * Metrics live in prom-client's default registry (which @willsoto/nestjs-prometheus serves at
 * /metrics). Each is created on first use and reused after, so libs can share one without a DI hop.
 */
export function once<T>(name: string, create: () => T): () => T {
  return () => (register.getSingleMetric(name) as T | undefined) ?? create();
}

export const busRpcDuration = once(
  'bus_rpc_duration_seconds',
  () =>
    new Histogram({
      name: 'bus_rpc_duration_seconds',
      help: 'Round trip of a bus RPC as seen by the caller',
      labelNames: ['pattern', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
);

export const busMessagesHandled = once(
  'bus_messages_handled_total',
  () =>
    new Counter({
      name: 'bus_messages_handled_total',
      help: 'Bus messages handled by this replica',
      labelNames: ['kind', 'outcome'],
    }),
);

