/**
 * A request/reply message declared once with its payload and reply types. Both the handler
 * (`@MessagePattern(def.pattern)`) and the caller (`bus.call(def, payload)`) use the same object,
 * so the types cannot drift apart.
 */
export interface RpcDefinition<TPayload, TReply> {
  readonly pattern: string;
  /** Phantom fields: carry the types only, never set at run time. */
  readonly __payload?: TPayload;
  readonly __reply?: TReply;
}

export function rpc<TPayload, TReply>(pattern: string): RpcDefinition<TPayload, TReply> {
  return { pattern };
}

/** A durable domain event, declared once with its data type. */
export interface EventDefinition<TData> {
  readonly type: string;
  readonly __data?: TData;
}

export function event<TData>(type: string): EventDefinition<TData> {
  return { type };
}

export type PayloadOf<D> = D extends RpcDefinition<infer P, unknown> ? P : never;
export type ReplyOf<D> = D extends RpcDefinition<unknown, infer R> ? R : never;
export type DataOf<D> = D extends EventDefinition<infer T> ? T : never;
