import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { EventDefinition, RpcDefinition, serviceOfPattern } from '@portcullis/contracts';
import { inSpan, SpanKind, tracingEnabled } from '@portcullis/common';
import { BUS_BREAKER_DEFAULTS, BusBreakers } from './bus-breakers';
import { BroadcastChannel } from './broadcast';
import { lastValueFrom } from 'rxjs';
import { BusRecord, BusRecordOptions } from './bus-record';
import { RedisStreamsClient } from './redis-streams.client';

export const BUS_CLIENT = Symbol('BUS_CLIENT');

/**
 * Typed face of the bus for application code: `call` takes a contract definition, so payload and
 * reply types come from libs/contracts. Plain `ClientProxy.send/emit` on BUS_CLIENT work too.
 */
@Injectable()
export class BusClient implements OnApplicationShutdown {
  /** In front of each called service (DESIGN §5); undefined when turned off. */
  private readonly breakers?: BusBreakers;

  constructor(@Inject(BUS_CLIENT) readonly proxy: RedisStreamsClient) {
    const settings = proxy.breakerSettings;
    if (settings !== false) this.breakers = new BusBreakers({ ...BUS_BREAKER_DEFAULTS, ...settings }, proxy.observer);
  }

  /** The deployment's key prefix, for broadcasts and keys that live beside the bus. */
  get prefix(): string {
    return this.proxy.prefix;
  }

  /**
   * Through the called service's breaker, but for pings, which are how health checks see a service
   * come back. With tracing on, each call is a client span whose id the message carries as its
   * traceparent.
   */
  call<P, R>(definition: RpcDefinition<P, R>, payload: P, options?: BusRecordOptions): Promise<R> {
    const { pattern } = definition;
    if (!this.breakers || pattern.endsWith('.ping')) return this.traced(definition, payload, options);
    return this.breakers.run(
      serviceOfPattern(pattern),
      pattern,
      () => this.traced(definition, payload, options),
      this.proxy.timeoutFor(options?.timeoutMs),
    );
  }

  private traced<P, R>(definition: RpcDefinition<P, R>, payload: P, options?: BusRecordOptions): Promise<R> {
    if (!tracingEnabled()) return this.send(definition, payload, options);
    return inSpan(
      `send ${definition.pattern}`,
      { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'redis-streams', 'rpc.method': definition.pattern } },
      () => this.send(definition, payload, options),
    );
  }

  private async send<P, R>(definition: RpcDefinition<P, R>, payload: P, options?: BusRecordOptions): Promise<R> {
    const done = this.proxy.observer.rpcStarted('client', definition.pattern);
    try {
      const data = options ? new BusRecord(payload, options) : payload;
      const reply = await lastValueFrom(this.proxy.send<R>(definition.pattern, data), { defaultValue: undefined as R });
      done('ok');
      return reply;
    } catch (err) {
      done((err as { code?: string }).code ?? 'error');
      throw err;
    }
  }

  /**
   * Appends a durable event; resolves with its stream id once Redis has it. Only the type is read:
   * the outbox relay re-sends stored events by type, and consumers validate against the schema.
   */
  publish<T>(definition: Pick<EventDefinition<T>, 'type'>, data: T): Promise<string> {
    if (!tracingEnabled()) return lastValueFrom(this.proxy.emit<string>(definition.type, data));
    return inSpan(
      `publish ${definition.type}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: { 'messaging.system': 'redis-streams', 'messaging.destination.name': definition.type },
      },
      () => lastValueFrom(this.proxy.emit<string>(definition.type, data)),
    );
  }

  /** Fan-out to every replica of every subscriber (not durable; see BroadcastChannel). */
  async broadcast(topic: string, message: unknown): Promise<void> {
    const redis = this.proxy.redis;
    if (!redis) throw new Error('Bus client is not connected');
    await new BroadcastChannel(redis, this.prefix).publish(topic, message);
  }

  /** Closed at the very end of shutdown, so in-flight handlers can still call other services. */
  async onApplicationShutdown(): Promise<void> {
    this.breakers?.shutdown();
    await this.proxy.close();
  }
}
