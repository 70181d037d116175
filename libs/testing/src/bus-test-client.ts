import { BusClient, decodeMessage, RedisStreamsClient, RemoteError, streamKeys } from '@portcullis/bus';
import { EventDefinition, RpcDefinition } from '@portcullis/contracts';
import Redis from 'ioredis';
import { TestEnv } from './test-env';
import { waitFor } from './wait-for';

/** An event as it lies on the stream: its JSON body decoded, and the body as sent (for no-secret checks). */
export type StreamEvent = Record<string, any> & { raw: string };

/**
 * The bus as a test drives it: calls with contract types, the failure a call ends in, events
 * published and read back from the run's durable events stream, and whether a consumer group has
 * caught up. Decoding goes through the bus's own wire format, so tests follow it when it changes.
 */
export class BusTestClient {
  private proxy?: RedisStreamsClient;
  private client?: BusClient;
  /** Stream id of the latest event published through this client. */
  private lastPublished = '0-0';

  constructor(
    private readonly env: Pick<TestEnv, 'REDIS_URL' | 'REDIS_PREFIX'>,
    private readonly timeoutMs = 15_000,
  ) {}

  async connect(): Promise<this> {
    this.proxy = new RedisStreamsClient({
      redis: { url: this.env.REDIS_URL },
      prefix: this.env.REDIS_PREFIX,
      timeoutMs: this.timeoutMs,
    });
    await this.proxy.connect();
    this.client = new BusClient(this.proxy);
    return this;
  }

  async close(): Promise<void> {
    await this.proxy?.close();
  }

  get bus(): BusClient {
    if (!this.client) throw new Error('BusTestClient: call connect() first');
    return this.client;
  }

  /** The client's own Redis connection, for looking at keys beside the bus (tests run on one server, never a Cluster). */
  get redis(): Redis {
    return this.bus.proxy.redis as Redis;
  }

  call<P, R>(definition: RpcDefinition<P, R>, payload: P): Promise<R> {
    return this.bus.call(definition, payload);
  }

  /** The error a call fails with; fails the test if the call succeeds. */
  async failure<P, R>(definition: RpcDefinition<P, R>, payload: P): Promise<RemoteError> {
    const outcome = await this.call(definition, payload).then(
      (reply) => ({ reply }),
      (error: RemoteError) => ({ error }),
    );
    if ('reply' in outcome)
      throw new Error(`${definition.pattern} succeeded, expected a failure: ${JSON.stringify(outcome.reply)}`);
    return outcome.error;
  }

  async publish<T>(definition: EventDefinition<T>, data: T): Promise<string> {
    this.lastPublished = await this.bus.publish(definition, data);
    return this.lastPublished;
  }

  /** Every event of `type` (all events without one) on the run's events stream, oldest first. */
  async readEvents(type?: string): Promise<StreamEvent[]> {
    const entries = await this.redis.xrange(streamKeys.events(this.env.REDIS_PREFIX), '-', '+');
    return entries.flatMap(([, fields]) => {
      const message = decodeMessage(fields);
      if (message?.kind !== 'event' || (type !== undefined && message.pattern !== type)) return [];
      return [{ ...(message.data as Record<string, any>), raw: JSON.stringify(message.data) }];
    });
  }

  /** Waits for the first event of `type` that `matches`. */
  waitForEvent(
    type: string,
    matches: (event: StreamEvent) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<StreamEvent> {
    return waitFor(async () => (await this.readEvents(type)).find(matches), { timeoutMs, what: `a ${type} event` });
  }

  /**
   * True once consumer `group` has read every event up to `streamId` (by default the last one
   * published here) and acked them all: whatever those events cause in that service has happened.
   */
  async groupSettled(group: string, streamId = this.lastPublished): Promise<boolean> {
    const groups = (await this.redis.xinfo('GROUPS', streamKeys.events(this.env.REDIS_PREFIX))) as unknown[][];
    const info = groups
      .map((g) => Object.fromEntries(g.flatMap((v, i) => (i % 2 === 0 ? [[String(v), g[i + 1]]] : []))))
      .find((g) => g.name === group);
    return !!info && compareStreamIds(String(info['last-delivered-id']), streamId) >= 0 && Number(info.pending) === 0;
  }
}

function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  return am !== bm ? (am < bm ? -1 : 1) : as === bs ? 0 : as < bs ? -1 : 1;
}
