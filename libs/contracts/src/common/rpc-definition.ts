import type { Schema } from './schema';
import { DomainEvent } from '../events/domain-event';
import { domainEventOf } from '../events/domain-event.schema';

export type { Schema };

/**
 * A request/reply message declared once with the zod schemas of its payload and reply. Both the
 * handler (`@MessagePattern(def.pattern)`) and the caller (`bus.call(def, payload)`) use the same
 * object, so the types cannot drift apart, and the bus server checks every payload against
 * `payload` before a handler sees it.
 */
export interface RpcDefinition<TPayload, TReply> {
  readonly pattern: string;
  readonly payload: Schema<TPayload>;
  readonly reply: Schema<TReply>;
  /** The code a payload that fails its schema answers with; VALIDATION_FAILED unless the contract says otherwise. */
  readonly invalidCode?: string;
}

export interface RpcSchemas<TPayload, TReply> {
  payload: Schema<TPayload>;
  reply: Schema<TReply>;
  invalidCode?: string;
}

const rpcs = new Map<string, RpcDefinition<unknown, unknown>>();
const events = new Map<string, EventDefinition<unknown>>();

/** The schemas are required: a pattern without them is a type error, so nothing reaches a handler unchecked. */
export function rpc<TPayload, TReply>(
  pattern: string,
  schemas: RpcSchemas<TPayload, TReply>,
): RpcDefinition<TPayload, TReply> {
  const definition = { pattern, ...schemas };
  rpcs.set(pattern, definition);
  return definition;
}

/** A durable domain event, declared once with the schema of the whole envelope. */
export interface EventDefinition<TEvent> {
  readonly type: string;
  readonly schema: Schema<TEvent>;
}

/** A domain event: `data` is its own part; the envelope (id, subject, actor, …) is the same for every event. */
export function event<TData>(type: string, data: Schema<TData>): EventDefinition<DomainEvent<TData>> {
  return bareEvent(type, domainEventOf(data));
}

/** An event whose whole body is `schema`, without the DomainEvent envelope (the transport's own tests). */
export function bareEvent<T>(type: string, schema: Schema<T>): EventDefinition<T> {
  const definition = { type, schema };
  events.set(type, definition);
  return definition;
}

/** The definition declared for a bus pattern, if any (the bus server validates against it). */
export function findRpc(pattern: string): RpcDefinition<unknown, unknown> | undefined {
  return rpcs.get(pattern);
}

export function findEvent(type: string): EventDefinition<unknown> | undefined {
  return events.get(type);
}

export type PayloadOf<D> = D extends RpcDefinition<infer P, unknown> ? P : never;
export type ReplyOf<D> = D extends RpcDefinition<unknown, infer R> ? R : never;
export type DataOf<D> = D extends EventDefinition<infer T> ? T : never;
