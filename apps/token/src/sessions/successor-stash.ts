/**
 * Keeps the plaintext successor of a just-spent refresh token for the grace window, so a duplicate
 * of the same refresh (a client retry, two tabs) gets the same successor instead of tripping reuse
 * detection. Only the database knows tokens by hash; this is the one place a plaintext lives, sealed
 * and briefly.
 */
export abstract class SuccessorStash {
  abstract put(spentHash: string, successor: string, ttlSeconds: number): Promise<void>;

  /** The successor, waiting up to `waitMs` for the winning call to store it; null if it never does. */
  abstract take(spentHash: string, waitMs: number): Promise<string | null>;
}
