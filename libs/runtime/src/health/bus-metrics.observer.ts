import { BusObserver } from '@portcullis/bus';
import { busRpcDuration } from '@portcullis/observability';

/** The bus's RPCs as `bus_rpc_duration_seconds{pattern, outcome}` on the caller's side. */
export const busMetricsObserver: BusObserver = {
  rpcStarted: (pattern) => {
    const stop = busRpcDuration().startTimer({ pattern });
    return (outcome) => stop({ outcome });
  },
};
