import { Inject, Injectable, OnApplicationShutdown, Optional } from '@nestjs/common';
import { EventDefinition, RpcDefinition } from '@portcullis/contracts';
import { BroadcastChannel } from './broadcast';
import { lastValueFrom } from 'rxjs';
import { BUS_OBSERVER, BusObserver, NO_BUS_OBSERVER } from './bus-observer';
import { BusRecord, BusRecordOptions } from './bus-record';
import { RedisStreamsClient } from './redis-streams.client';

export const BUS_CLIENT = Symbol('BUS_CLIENT');

/**
 * Typed face of the bus for application code: `call` takes a contract definition, so payload and
 * reply types come from libs/contracts. Plain `ClientProxy.send/emit` on BUS_CLIENT work too.
 */
@Injectable()
export class BusClient implements OnApplicationShutdown {
  constructor(
    @Inject(BUS_CLIENT) readonly proxy: RedisStreamsClient,
    @Optional() @Inject(BUS_OBSERVER) private readonly observer: BusObserver = NO_BUS_OBSERVER,
  ) {}

  /** The deployment's key prefix, for broadcasts and keys that live beside the bus. */
  get prefix(): string {
    return this.proxy.prefix;
  }

  async call<P, R>(definition: RpcDefinition<P, R>, payload: P, options?: BusRecordOptions): Promise<R> {
    const done = this.observer.rpcStarted(definition.pattern);
    let outcome = 'ok';
    try {
      const data = options ? new BusRecord(payload, options) : payload;
      return await lastValueFrom(this.proxy.send<R>(definition.pattern, data), { defaultValue: undefined as R });
    } catch (err) {
      outcome = (err as { code?: string }).code ?? 'error';
      throw err;
    } finally {
      done(outcome);
    }
  }

  /**
   * Appends a durable event; resolves with its stream id once Redis has it. Only the type is read:
   * the outbox relay re-sends stored events by type, and consumers validate against the schema.
   */
  async publish<T>(definition: Pick<EventDefinition<T>, 'type'>, data: T): Promise<string> {
    return lastValueFrom(this.proxy.emit<string>(definition.type, data));
  }

  /** Fan-out to every replica of every subscriber (not durable; see BroadcastChannel). */
  async broadcast(topic: string, message: unknown): Promise<void> {
    const redis = this.proxy.redis;
    if (!redis) throw new Error('Bus client is not connected');
    await new BroadcastChannel(redis, this.prefix).publish(topic, message);
  }

  /** Closed at the very end of shutdown, so in-flight handlers can still call other services. */
  async onApplicationShutdown(): Promise<void> {
    await this.proxy.close();
  }
}
