/** Whole seconds for a Retry-After: rounded up so a client never retries early, and never 0. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
