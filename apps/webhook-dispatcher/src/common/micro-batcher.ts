import { Logger } from '@nestjs/common';

interface Waiting<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (err: unknown) => void;
}

export interface MicroBatcherOptions<In, Out> {
  /** Names the batcher in the log line of a failed batch. */
  name: string;
  /** Resolves one output per input, in order. */
  run: (inputs: In[]) => Promise<Out[]>;
  maxBatch?: number;
  /**
   * Batches running at once at most (unbounded by default). With a bound, what arrives while the
   * batches are out waits for one to come back and then goes as one: under load the batches grow
   * by themselves (as a database's group commit does), while a lone call still goes at once.
   */
  maxInFlight?: number;
}

/**
 * Gathers the calls made in one turn of the event loop and runs them as one batch, so that work
 * arriving together (a bus read's events, deliveries finishing side by side) costs one round trip
 * and one commit instead of one each. Each caller's promise settles with its own result, only once
 * the batch is done. A batch that fails is run again one input at a time, so one bad input fails
 * alone and the others go through.
 *
 * Written here rather than taken from DataLoader, which does the same, because the repository's
 * dependencies do not include it and this is all of it we would use.
 */
export class MicroBatcher<In, Out> {
  private readonly logger: Logger;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private waiting: Array<Waiting<In, Out>> = [];
  private flushScheduled = false;
  private inFlight = 0;

  constructor(private readonly options: MicroBatcherOptions<In, Out>) {
    this.logger = new Logger(options.name);
    this.maxBatch = options.maxBatch ?? 128;
    this.maxInFlight = options.maxInFlight ?? Infinity;
  }

  submit(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** setImmediate runs after this turn's I/O callbacks, so everything that arrived together is in. */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight >= this.maxInFlight || this.waiting.length === 0) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    while (this.waiting.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.scheduleFlush();
      });
    }
  }

  private async run(batch: Array<Waiting<In, Out>>): Promise<void> {
    try {
      const outputs = await this.options.run(batch.map((w) => w.input));
      batch.forEach((w, i) => w.resolve(outputs[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      this.logger.warn(`A batch of ${batch.length} failed (${(err as Error).message}); running them one by one`);
      await Promise.all(batch.map((w) => this.run([w])));
    }
  }
}
