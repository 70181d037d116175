import { MAX_BATCH_KEYS, TurnBatcher } from './turn-batcher';

type Arg = string | number;

/** One call of a batched script: its keys and its own arguments. */
export interface ScriptCall {
  keys: string[];
  args: Arg[];
}

/**
 * A Lua script that takes the calls of one event-loop turn at once (TurnBatcher), in a general
 * layout: KEYS are the calls' keys, call after call; ARGV[1] is the number of calls, ARGV[1 + c] how
 * many keys call c has, then each call's own arguments in order. The script answers a flat array;
 * `widthOf` says how much of it is each call's. (The rate limiter has a layout of its own, which
 * sends a counter many requests share once: see RedisRateLimiter.)
 */
export class BatchedScript {
  private readonly batcher: TurnBatcher<ScriptCall, number[]>;

  constructor(
    run: (numberOfKeys: number, ...keysAndArgs: Arg[]) => Promise<number[]>,
    widthOf: (call: ScriptCall) => number,
  ) {
    this.batcher = new TurnBatcher(
      async (calls) => {
        const keys = calls.flatMap((c) => c.keys);
        const counts = calls.map((c) => c.keys.length);
        const flat = await run(keys.length, ...keys, calls.length, ...counts, ...calls.flatMap((c) => c.args));
        let offset = 0;
        return calls.map((c) => flat.slice(offset, (offset += widthOf(c))));
      },
      { maxWeight: MAX_BATCH_KEYS, weightOf: (call) => call.keys.length },
    );
  }

  /** `group`: calls of different groups never share a script (keys of different Redis Cluster slots). */
  call(call: ScriptCall, group?: string): Promise<number[]> {
    return this.batcher.add(call, group);
  }
}
