import { Histogram } from 'prom-client';
import { exportCircuitBreakerState } from './circuit-breaker-state.metric';
import { once } from './metric-registry';

export const busRpcDuration = once(
  'bus_rpc_duration_seconds',
  () =>
    new Histogram({
      name: 'bus_rpc_duration_seconds',
      help: 'Bus RPCs: the round trip on the caller (side="client"), the handler on the callee (side="server")',
      labelNames: ['pattern', 'side', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
);

/**
 * `bus_rpc_duration_seconds{pattern}` on both sides of every RPC, and `circuit_breaker_state
 * {upstream="rpc:<service>"}` for the breaker in front of each called service. It has the shape of
 * libs/bus's BusObserver without importing it (observability is a leaf lib); libs/runtime hands it
 * to the bus.
 */
export const busRpcObserver = {
  rpcStarted(side: 'client' | 'server', pattern: string): (outcome: string) => void {
    const stop = busRpcDuration().startTimer({ pattern, side });
    return (outcome) => void stop({ outcome });
  },
  breakerCreated: exportCircuitBreakerState,
};
