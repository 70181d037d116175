/**
 * Hooks the bus calls around every RPC, so measuring it lives outside the transport: libs/bus
 * imports no metrics library, and libs/observability implements this shape (`busRpcObserver`).
 */
export interface BusObserver {
  /**
   * An RPC starts: on the caller (`client`, until its reply or failure) or on the handling service
   * (`server`, while its handler runs). The returned function is called once with the outcome:
   * `ok` or the error code.
   */
  rpcStarted(side: 'client' | 'server', pattern: string): (outcome: string) => void;
  /** A breaker for a called service now exists (`rpc:<service>`): e.g. to export its state. */
  breakerCreated?(
    name: string,
    breaker: { on(event: 'open' | 'halfOpen' | 'close', listener: () => void): unknown },
  ): void;
}

export const NO_BUS_OBSERVER: BusObserver = { rpcStarted: () => () => undefined };
