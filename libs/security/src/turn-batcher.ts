/**
 * For the batchers that send a Lua script (budget uses, rate limits): past this many keys a batch
 * goes at once rather than at the end of the turn. It bounds the script's arguments (Lua's unpack
 * of KEYS) and how long one script holds Redis.
 */
export const MAX_BATCH_KEYS = 2_000;

interface Waiting<I, O> {
  item: I;
  resolve(answer: O): void;
  reject(err: unknown): void;
}

interface Batch<I, O> {
  waiting: Array<Waiting<I, O>>;
  weight: number;
}

/**
 * Collects the items of one event-loop turn and sends each group's together at the end of the turn
 * (`setImmediate`), or at once when a group reaches `maxWeight`. Under load a gateway's turn holds
 * several requests; one Redis script for all of them costs Redis one command and each side one
 * socket write, where a script per request cost each of them a write that wakes the other. Groups
 * keep apart what one script may not hold together (keys of different Redis Cluster slots).
 */
export class TurnBatcher<I, O> {
  private readonly batches = new Map<string, Batch<I, O>>();
  private scheduled = false;

  constructor(
    /** Answers a group's items in their order; a failure fails every item of the group. */
    private readonly send: (items: I[]) => Promise<O[]>,
    private readonly options: { maxWeight: number; weightOf(item: I): number },
  ) {}

  add(item: I, group = ''): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      let batch = this.batches.get(group);
      if (!batch) this.batches.set(group, (batch = { waiting: [], weight: 0 }));
      batch.waiting.push({ item, resolve, reject });
      batch.weight += this.options.weightOf(item);
      if (batch.weight >= this.options.maxWeight) this.flush(group, batch);
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flushAll);
      }
    });
  }

  private readonly flushAll = (): void => {
    this.scheduled = false;
    for (const [group, batch] of this.batches) this.flush(group, batch);
  };

  private flush(group: string, { waiting }: Batch<I, O>): void {
    this.batches.delete(group);
    let sent: Promise<O[]>;
    try {
      sent = this.send(waiting.map((w) => w.item));
    } catch (err) {
      sent = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    sent.then(
      (answers) => waiting.forEach((w, i) => w.resolve(answers[i])),
      (err: unknown) => waiting.forEach((w) => w.reject(err)),
    );
  }
}
