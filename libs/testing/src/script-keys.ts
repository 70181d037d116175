/**
 * Redis Cluster runs a script (or a MULTI) only when all its keys hash to one slot; a key's slot is
 * that of its hash tag, the first non-empty `{…}`. Keys with the same tag share a slot for sure.
 */
export function hashTagOf(key: string): string | undefined {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : undefined;
}

export interface ScriptCall {
  command: string;
  keys: string[];
}

/**
 * A stand-in for ioredis that records the keys of every script call: `defineCommand` scripts (with
 * a fixed `numberOfKeys`, or the count as first argument as ioredis allows) and plain `eval`. Other
 * commands resolve to `reply`, so a store can be driven through its real methods.
 */
export function recordingScriptRedis(reply: (command: string) => unknown = () => null) {
  const calls: ScriptCall[] = [];
  const keyCounts = new Map<string, number | undefined>();
  const record = (command: string, args: unknown[], fixed: number | undefined) => {
    const count = fixed ?? Number(args[0]);
    const keys = (fixed === undefined ? args.slice(1) : args).slice(0, count).map(String);
    calls.push({ command, keys });
    return Promise.resolve(reply(command));
  };
  const target: Record<string, unknown> = {
    defineCommand: (name: string, options: { numberOfKeys?: number }) => keyCounts.set(name, options.numberOfKeys),
    eval: (_script: string, ...args: unknown[]) => record('eval', args, undefined),
  };
  const redis = new Proxy(target, {
    get: (t, name: string) => {
      if (name in t) return t[name];
      if (keyCounts.has(name)) return (...args: unknown[]) => record(name, args, keyCounts.get(name));
      return () => Promise.resolve(reply(name));
    },
  });
  return { redis, calls };
}
