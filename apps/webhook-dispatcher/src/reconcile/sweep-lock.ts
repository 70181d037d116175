/**
 * Lets one replica at a time do a periodic sweep: the first to take the lock sweeps, the others
 * skip that round. Held until it lapses, so it also spaces sweeps out across replicas.
 */
export abstract class SweepLock {
  abstract tryAcquire(ttlMs: number): Promise<boolean>;
}
