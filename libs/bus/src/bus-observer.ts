/**
 * How the bus reports what it does, without knowing who listens: the app injects an observer
 * (metrics, traces) through BusModule.forRoot, so this lib depends on no observability library.
 */
export interface BusObserver {
  /** Called as an RPC leaves; the returned function is called once with its outcome (`ok` or a code). */
  rpcStarted(pattern: string): (outcome: string) => void;
}

export const BUS_OBSERVER = Symbol('BUS_OBSERVER');

export const NO_BUS_OBSERVER: BusObserver = { rpcStarted: () => () => undefined };
