import { ApiRecord } from './api-record';

/**
 * A change that makes what a replica holds for an API stale: its cached definition always, and, when
 * `upstreamChanged`, the circuit breaker and connection pool it keeps for the upstream the API called.
 */
export interface ApiChange {
  apiId: string;
  /** The API was deleted, or its baseUrl, timeout or upstream auth changed. */
  upstreamChanged: boolean;
}

export type ApiChangeListener = (change: ApiChange) => void;

/**
 * The port through which a PUT or DELETE served by one replica reaches every replica (itself
 * included). The registry listens to drop its cached definition; the proxy, which sits above the
 * registry, listens to release its breaker and pool, so neither module imports the other's insides.
 */
export abstract class ApiChanges {
  private readonly listeners: ApiChangeListener[] = [];

  /** Applies the change here at once, then tells the other replicas. Never throws: the change is already stored. */
  abstract announce(change: ApiChange): Promise<void>;

  listen(listener: ApiChangeListener): void {
    this.listeners.push(listener);
  }

  protected deliver(change: ApiChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

/** A single process (and unit tests): every change is delivered here, synchronously. */
export class LocalApiChanges extends ApiChanges {
  announce(change: ApiChange): Promise<void> {
    this.deliver(change);
    return Promise.resolve();
  }
}

type UpstreamFields = Pick<ApiRecord, 'baseUrl' | 'timeoutMs' | 'authType' | 'authConfigSealed' | 'authConfigPublic'>;

/** What a change does to the upstream: a new origin, timeout or credential means a new breaker and pool. */
export function upstreamChanged(before: UpstreamFields, after: UpstreamFields): boolean {
  return (
    before.baseUrl !== after.baseUrl ||
    before.timeoutMs !== after.timeoutMs ||
    before.authType !== after.authType ||
    before.authConfigSealed !== after.authConfigSealed ||
    JSON.stringify(before.authConfigPublic) !== JSON.stringify(after.authConfigPublic)
  );
}
