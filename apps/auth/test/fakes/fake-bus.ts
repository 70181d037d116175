import { BusClient } from '@portcullis/bus';
import { RpcDefinition } from '@portcullis/contracts';

export type Handler = (payload: unknown) => unknown;

/** An in-memory bus: each pattern answered by a function; every call and event recorded. */
export function fakeBus(handlers: Record<string, Handler>) {
  const calls: string[] = [];
  const events: Array<{ type: string; data: any }> = [];
  const bus = {
    call: async (def: RpcDefinition<unknown, unknown>, payload: unknown) => {
      calls.push(def.pattern);
      const handler = handlers[def.pattern];
      if (!handler) throw new Error(`unexpected call ${def.pattern}`);
      return handler(payload);
    },
    publish: async (def: { type: string }, data: unknown) => {
      events.push({ type: def.type, data });
      return '1-0';
    },
  } as unknown as BusClient;
  return { bus, calls, events };
}
