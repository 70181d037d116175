import { SuccessorStash } from '../../src/sessions/successor-stash';

/** Like the Redis stash: a duplicate waits (on real timers) for the winner's put. */
export class InMemorySuccessorStash extends SuccessorStash {
  readonly entries = new Map<string, { successor: string; ttlSeconds: number }>();
  private waiters = new Map<string, Array<(successor: string) => void>>();

  async put(spentHash: string, successor: string, ttlSeconds: number): Promise<void> {
    if (ttlSeconds <= 0) return;
    this.entries.set(spentHash, { successor, ttlSeconds });
    this.waiters.get(spentHash)?.forEach((wake) => wake(successor));
    this.waiters.delete(spentHash);
  }

  async take(spentHash: string, waitMs: number): Promise<string | null> {
    const entry = this.entries.get(spentHash);
    if (entry) return entry.successor;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), waitMs);
      const wake = (successor: string) => {
        clearTimeout(timer);
        resolve(successor);
      };
      this.waiters.set(spentHash, [...(this.waiters.get(spentHash) ?? []), wake]);
    });
  }
}
