import { leanBreaker } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import CircuitBreaker from 'opossum';
import { BusUnavailableError } from './bus-errors';
import { BusObserver } from './bus-observer';

/** How the breaker of each called service decides (DESIGN §5: "RPC to a failing app trips a circuit breaker"). */
export interface BusBreakerSettings {
  /** How long an open breaker refuses before it lets one call probe the service. */
  resetMs: number;
  /** Calls in the window before the breaker may open at all. */
  volumeThreshold: number;
  /** Share of the window's calls that must have failed for it to open. */
  errorThresholdPercentage: number;
  /** The rolling window over which calls are counted. */
  windowMs: number;
  /**
   * A timeout counts only when the call was given at least this long: a call cut short by its
   * request's nearly spent deadline, or given a deliberately short timeout, says nothing of the
   * service (a service that answers answers in milliseconds).
   */
  evidenceMs: number;
}

export const BUS_BREAKER_DEFAULTS: BusBreakerSettings = {
  resetMs: 3000,
  volumeThreshold: 3,
  errorThresholdPercentage: 50,
  windowMs: 10_000,
  evidenceMs: 1000,
};

type Send = () => Promise<unknown>;

/**
 * One breaker per service this process calls. Only timeouts with time to spare count against a
 * service, never its answers (a refusal, a validation error, a 404 are answers). While a breaker is
 * open, calls to that service fail at once with BUS_UNAVAILABLE (503 with Retry-After at the
 * gateway) instead of each waiting out its timeout; after `resetMs` one call probes, and its answer
 * closes the breaker. Each decides on counts alone (leanBreaker).
 */
export class BusBreakers {
  private readonly byService = new Map<string, CircuitBreaker<[Send, boolean], unknown>>();

  constructor(
    private readonly settings: BusBreakerSettings,
    private readonly observer: BusObserver,
  ) {}

  /** `givenMs`: how long the call may wait; a timeout counts only if that was at least evidenceMs. */
  run<R>(service: string, pattern: string, send: () => Promise<R>, givenMs: number): Promise<R> {
    return (this.of(service).fire(send, givenMs >= this.settings.evidenceMs) as Promise<R>).catch((err: unknown) => {
      if ((err as { code?: string })?.code === 'EOPENBREAKER') throw new BusUnavailableError(pattern, service);
      throw err;
    });
  }

  /** Stops every breaker's window timer. */
  shutdown(): void {
    for (const breaker of this.byService.values()) breaker.shutdown();
  }

  private of(service: string): CircuitBreaker<[Send, boolean], unknown> {
    const known = this.byService.get(service);
    if (known) return known;
    const breaker = leanBreaker<[Send, boolean], unknown>((send: Send) => send(), {
      name: `rpc:${service}`,
      // The bus call has its own timeout; a second timer would only race it.
      timeout: false,
      resetTimeout: this.settings.resetMs,
      volumeThreshold: this.settings.volumeThreshold,
      errorThresholdPercentage: this.settings.errorThresholdPercentage,
      rollingCountTimeout: this.settings.windowMs,
      // True: not held against the service. Opossum passes the call's arguments after the error;
      // its types declare only the error.
      errorFilter: ((err: unknown, _send: Send, evidence: boolean) =>
        !(evidence && (err as { code?: string })?.code === ErrorCode.BUS_TIMEOUT)) as (err: unknown) => boolean,
    });
    this.byService.set(service, breaker);
    this.observer.breakerCreated?.(`rpc:${service}`, breaker);
    return breaker;
  }
}

/** The breakers as configured: `BUS_BREAKER_RESET_MS`, where 0 turns them off. */
export function busBreakerFrom(config: { BUS_BREAKER_RESET_MS: number }): Partial<BusBreakerSettings> | false {
  return config.BUS_BREAKER_RESET_MS > 0 ? { resetMs: config.BUS_BREAKER_RESET_MS } : false;
}
