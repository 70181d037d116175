/** Counts in-flight work and lets the reader wait for a free slot or for everything to finish. */
export class ConcurrencyGate {
  private inFlight = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  get active(): number {
    return this.inFlight;
  }

  get free(): number {
    return Math.max(0, this.limit - this.inFlight);
  }

  enter(): void {
    this.inFlight++;
  }

  leave(): void {
    this.inFlight--;
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  /** Resolves once at least one slot is free. */
  async waitForSlot(): Promise<void> {
    while (this.free === 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Resolves true when nothing is in flight, false if `timeoutMs` passes first. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }
}
