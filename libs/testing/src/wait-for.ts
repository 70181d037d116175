export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Said in the failure message, so a timeout explains itself. */
  what?: string;
}

/**
 * Polls `probe` until it returns a truthy value (which is returned) or the deadline passes (which
 * throws with the last value seen). Tests wait with this, never with a fixed sleep.
 */
export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

export async function waitFor<T>(probe: () => Promise<T> | T, options: WaitOptions = {}): Promise<Truthy<T>> {
  const { timeoutMs = 10_000, intervalMs = 50, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Truthy<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
