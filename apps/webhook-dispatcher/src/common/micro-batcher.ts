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
  private waiting: Array<Waiting<In, Out>> = [];

  constructor(private readonly options: MicroBatcherOptions<In, Out>) {
    this.logger = new Logger(options.name);
    this.maxBatch = options.maxBatch ?? 128;
  }

  submit(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      // setImmediate runs after this turn's I/O callbacks, so everything that arrived together is in.
      if (this.waiting.length === 0) setImmediate(() => this.flush());
      this.waiting.push({ input, resolve, reject });
    });
  }

  private flush(): void {
    const taken = this.waiting;
    this.waiting = [];
    for (let i = 0; i < taken.length; i += this.maxBatch) void this.run(taken.slice(i, i + this.maxBatch));
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
