import {
  ConsumerDeserializer,
  ConsumerSerializer,
  CustomTransportStrategy,
  MessageHandler,
  Server,
} from '@nestjs/microservices';
import { ErrorCode } from '@portcullis/contracts';
import { createRedis, markActiveSpanFailed, RedisClient } from '@portcullis/common';
import { randomBytes } from 'crypto';
import { hostname } from 'os';
import { lastValueFrom } from 'rxjs';
import { BusObserver, NO_BUS_OBSERVER } from './bus-observer';
import { BusServerOptions, serverSettings, ServerSettings } from './bus-options';
import { BusReplySerializer, StreamEntryDeserializer } from './bus-serializers';
import { ConcurrencyGate } from './concurrency-gate';
import { ConsumerHeartbeat } from './consumer-heartbeat';
import { ensureGroups } from './consumer-groups';
import { DeadConsumers } from './dead-consumers';
import { DeadLetters } from './dead-letters';
import { EventRetries } from './event-retries';
import { checkEvent, checkRequest } from './payload-validation';
import { PendingReclaimer } from './pending-reclaimer';
import { RedisStreamsContext } from './redis-streams.context';
import { ReplyBatcher } from './reply-batcher';
import { localDeadline, RedisClock } from './request-deadline';
import { runInMessageContext } from './message-context';
import { toRpcErrorPayload } from './rpc-error-mapping';
import { streamKeys } from './stream-keys';
import { StreamReader } from './stream-reader';
import { TrimSchedule } from './stream-trimmer';
import { BusEvent, BusMessage, BusReply, BusRequest } from './wire-format';

export const REDIS_STREAMS_TRANSPORT = Symbol.for('portcullis.redis-streams');

/**
 * Nest transport strategy over Redis Streams with consumer groups, shaped like Nest's ServerRedis.
 * Each service reads its own RPC stream and (if it has event handlers) the shared events stream in
 * one consumer group named after the service, so every message goes to exactly one replica.
 * Messages are acked only when handled. Each replica keeps a heartbeat key alive; a replica whose
 * heartbeat expired is dead and its pending messages are taken over at once, while a live but stuck
 * one's are taken over with XAUTOCLAIM after `claimIdleMs`. A failing event is retried with backoff
 * (EventRetries) and moved to a dead-letter stream after `maxDeliveries`. Every payload is checked
 * against its contract first (payload-validation.ts). The parts: StreamReader (the read loop),
 * PendingReclaimer + DeadLetters (takeover and dead letters), TrimSchedule (trimming).
 */
export class RedisStreamsServer extends Server implements CustomTransportStrategy {
  readonly transportId = REDIS_STREAMS_TRANSPORT;
  readonly consumerName: string;
  private readonly settings: ServerSettings;
  private readonly observer: BusObserver;
  private readonly eventConsumers: readonly string[];
  private readonly group: string;
  private readonly gate: ConcurrencyGate;
  /** `<stream> <id>` of every message a handler of this replica is running, so a claim never starts it twice. */
  private readonly handling = new Set<string>();
  private reader?: RedisClient;
  private commands?: RedisClient;
  private batcher?: ReplyBatcher;
  private clock?: RedisClock;
  private streams: string[] = [];
  private stopping = false;
  private readLoop?: StreamReader;
  private heartbeat?: ConsumerHeartbeat;
  private reclaimer?: PendingReclaimer;
  private deadLetters?: DeadLetters;
  private retries?: EventRetries;
  private trimming?: TrimSchedule;
  private closing?: Promise<void>;

  constructor(options: BusServerOptions) {
    super();
    this.settings = serverSettings(options);
    this.group = options.service;
    this.eventConsumers = options.eventConsumers ?? [];
    this.observer = options.observer ?? NO_BUS_OBSERVER;
    this.consumerName = options.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.gate = new ConcurrencyGate(this.settings.concurrency);
    // Nest types these hooks for its own packets; ours carry stream fields in and a reply string out.
    this.initializeSerializer({ serializer: (options.serializer ?? new BusReplySerializer()) as ConsumerSerializer });
    this.initializeDeserializer({
      deserializer: (options.deserializer ?? new StreamEntryDeserializer()) as unknown as ConsumerDeserializer,
    });
  }

  listen(callback: (err?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (err) => callback(err),
    );
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  // The signature is Nest's own (Server.on), so it keeps Nest's `Function` bound.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  on<EventKey extends string = string, EventCallback extends Function = Function>(
    event: EventKey,
    callback: EventCallback,
  ): void {
    const listener = callback as unknown as (...args: unknown[]) => void;
    this.reader?.on(event, listener);
    this.commands?.on(event, listener);
  }

  unwrap<T>(): T {
    if (!this.reader || !this.commands) throw new Error('Bus server is not listening yet');
    return [this.reader, this.commands] as T;
  }

  /** Messages this replica is handling right now (for tests and metrics). */
  get inFlight(): number {
    return this.gate.active;
  }

  private async start(): Promise<void> {
    this.reader = this.createRedis();
    this.commands = this.createRedis();
    await Promise.all([this.reader.connect(), this.commands.connect()]);
    this.clock = new RedisClock(this.commands);
    await this.clock.sync();
    this.batcher = new ReplyBatcher(this.commands, this.group, (err) => {
      this.logger.error(`Bus reply failed: ${String(err)}`);
    });
    const { prefix, service } = this.settings;
    this.deadLetters = new DeadLetters(this.commands, { prefix, service, group: this.group }, this.logger);
    this.streams = [streamKeys.rpc(prefix, service)];
    if ([...this.messageHandlers.values()].some((h) => h.isEventHandler)) this.streams.push(streamKeys.events(prefix));
    await ensureGroups(this.commands, this.expectedGroups());
    await this.startHeartbeat();
    await this.startReading();
    this.startReclaimer();
    const readGroups = () => new Map([...this.expectedGroups()].filter(([stream]) => this.streams.includes(stream)));
    this.trimming = new TrimSchedule(this.commands, readGroups, this.settings.trimIntervalMs, (stream, err) => {
      if (!this.stopping) this.logger.warn(`Bus trim of ${stream} failed: ${err.message}`);
    });
    this.trimming.start();
    this.logger.log(`Bus consumer ${this.consumerName} reading ${this.streams.join(', ')} as group ${this.group}`);
  }

  private createRedis(): RedisClient {
    const redis = createRedis(this.settings.redis, { lazyConnect: true, maxRetriesPerRequest: null });
    redis.on('error', (err: Error) => {
      if (!this.stopping) this.logger.error(`Bus Redis error: ${err.message}`);
    });
    return redis;
  }

  /**
   * Each stream this service touches, with the consumer groups that must exist on it. Every replica
   * also creates every expected event consumer's group, whether it reads events or not: a service
   * that is down, or has never started, then has its events waiting (trimming keeps what it needs).
   */
  private expectedGroups(): Map<string, string[]> {
    const { prefix, service } = this.settings;
    const events = streamKeys.events(prefix);
    const expected = new Map<string, string[]>([[streamKeys.rpc(prefix, service), [this.group]]]);
    const eventGroups = new Set(this.eventConsumers);
    if (this.streams.includes(events)) eventGroups.add(this.group);
    if (eventGroups.size > 0) expected.set(events, [...eventGroups]);
    return expected;
  }

  /** The heartbeat beats before the first read, so nothing this consumer holds looks abandoned. */
  private async startHeartbeat(): Promise<void> {
    const { prefix, heartbeatIntervalMs, heartbeatTtlMs } = this.settings;
    this.heartbeat = new ConsumerHeartbeat(
      this.commands!,
      { prefix, group: this.group, intervalMs: heartbeatIntervalMs, ttlMs: heartbeatTtlMs },
      this.consumerName,
      (err) => {
        if (!this.stopping) this.logger.warn(`Bus heartbeat failed: ${err.message}`);
      },
    );
    await this.heartbeat.start();
  }

  private startReclaimer(): void {
    const { prefix, service, claimIdleMs, claimIntervalMs, deadConsumerCheckMs, heartbeatIntervalMs, maxDeliveries } =
      this.settings;
    const deadConsumers = new DeadConsumers(this.commands!, this.heartbeat!, prefix, this.group);
    this.reclaimer = new PendingReclaimer(
      this.commands!,
      {
        prefix,
        service,
        group: this.group,
        consumerName: this.consumerName,
        claimIdleMs,
        claimIntervalMs,
        deadConsumerCheckMs,
        deadClaimMinIdleMs: heartbeatIntervalMs,
        maxDeliveries,
      },
      deadConsumers,
      this.deadLetters!,
      this.gate,
      {
        streams: () => this.streams,
        dispatch: (stream, id, fields, deliveries) => this.dispatch(stream, id, fields, deliveries),
        isHandling: (stream, id) => this.handling.has(`${stream} ${id}`),
      },
      this.logger,
    );
    this.reclaimer.start();
  }

  private async startReading(): Promise<void> {
    const { blockMs, eventRetryBaseMs, eventRetryMaxMs, claimIdleMs } = this.settings;
    const settings = { group: this.group, consumerName: this.consumerName };
    this.retries = new EventRetries(
      this.commands!,
      { ...settings, baseMs: eventRetryBaseMs, maxMs: Math.min(eventRetryMaxMs, Math.floor(claimIdleMs / 2)) },
      (stream, id, fields, deliveries) => this.dispatch(stream, id, fields, deliveries),
    );
    this.readLoop = new StreamReader(
      this.reader!,
      this.commands!,
      { ...settings, blockMs },
      this.gate,
      {
        streams: () => this.streams,
        dispatch: (stream, id, fields, deliveries) => this.dispatch(stream, id, fields, deliveries),
        recreateGroups: () => ensureGroups(this.commands!, this.expectedGroups()),
      },
      this.logger,
    );
    await this.readLoop.start();
  }

  private dispatch(stream: string, id: string, fields: string[], deliveries: number): void {
    const key = `${stream} ${id}`;
    this.gate.enter();
    this.handling.add(key);
    void this.handleEntry(stream, id, fields, deliveries)
      .catch((err) => {
        this.logger.error(`Bus handling of ${id} failed: ${String(err)}`);
      })
      .finally(() => {
        this.gate.leave();
        // Forgotten only once its ack has reached Redis: until then a claim still finds it pending.
        void (this.batcher?.flush() ?? Promise.resolve()).finally(() => this.handling.delete(key));
      });
  }

  private async handleEntry(stream: string, id: string, fields: string[], deliveries: number): Promise<void> {
    const message = (await this.deserializer.deserialize(fields, { stream })) as BusMessage | null;
    if (!message) {
      this.logger.warn(`Dropping malformed bus entry ${id} on ${stream}`);
      this.batcher!.ack(stream, id);
      return;
    }
    const ctx = new RedisStreamsContext([stream, id, message.pattern, deliveries]);
    if (message.kind === 'rpc') await this.handleRequest(stream, id, message, ctx);
    else await this.handleEventMessage(stream, id, fields, message, ctx);
  }

  private async handleRequest(
    stream: string,
    id: string,
    request: BusRequest,
    ctx: RedisStreamsContext,
  ): Promise<void> {
    const deadline = localDeadline(request, this.clock!);
    if (Date.now() >= deadline) {
      // The caller has already given up; doing the work now would only surprise it (or its retry).
      this.logger.warn(`Refusing expired request ${request.pattern} (${id})`);
      const err = {
        code: ErrorCode.BUS_DEADLINE_EXCEEDED,
        message: `The deadline of ${request.pattern} passed before it started`,
      };
      this.batcher!.reply(
        request.replyTo,
        this.serializer.serialize({ id: request.id, err } satisfies BusReply) as string,
      );
      this.batcher!.ack(stream, id);
      return;
    }
    const checked = checkRequest(request.pattern, request.data);
    // The handler's own bus calls inherit this deadline (and request id, trace, principal) from the ambient context.
    const reply = checked.ok
      ? await runInMessageContext(request, deadline, () => this.invoke(request, checked.data, ctx))
      : { id: request.id, err: checked.error };
    this.batcher!.reply(request.replyTo, this.serializer.serialize(reply) as string);
    this.batcher!.ack(stream, id);
  }

  private async invoke(request: BusRequest, data: unknown, ctx: RedisStreamsContext): Promise<BusReply> {
    const handler = this.getHandlerByPattern(request.pattern);
    if (!handler || handler.isEventHandler) {
      return { id: request.id, err: { code: ErrorCode.BUS_NO_HANDLER, message: `No handler for ${request.pattern}` } };
    }
    const done = this.observer.rpcStarted('server', request.pattern);
    try {
      const response = await this.run(handler, data, ctx);
      done('ok');
      return { id: request.id, response };
    } catch (err) {
      const payload = toRpcErrorPayload(err);
      markActiveSpanFailed(payload.code);
      done(payload.code);
      return { id: request.id, err: payload };
    }
  }

  private async handleEventMessage(
    stream: string,
    id: string,
    fields: string[],
    event: BusEvent,
    ctx: RedisStreamsContext,
  ): Promise<void> {
    const handler = this.findEventHandler(event.pattern);
    if (handler) {
      const checked = checkEvent(event.pattern, event.data, handler.extras);
      if (!checked.ok) {
        // No redelivery can fix it: set aside for inspection at once rather than retried.
        await this.deadLetters!.move(stream, id, fields, ctx.getDeliveryCount(), checked.error.message);
        return;
      }
      try {
        // Events are durable work with no one waiting: the cause's ids, never a leftover deadline.
        await runInMessageContext(event, undefined, () => this.run(handler, checked.data, ctx));
      } catch (err) {
        await this.retryLater(stream, id, fields, event, ctx.getDeliveryCount(), toRpcErrorPayload(err).code);
        return;
      }
    }
    this.batcher!.ack(stream, id);
  }

  /** Left pending and ours: retried after a backoff, or dead-lettered once it has had maxDeliveries. */
  private async retryLater(
    stream: string,
    id: string,
    fields: string[],
    event: BusEvent,
    deliveries: number,
    code: string,
  ): Promise<void> {
    if (deliveries >= this.settings.maxDeliveries) {
      await this.deadLetters!.move(
        stream,
        id,
        fields,
        deliveries,
        `${event.pattern} failed ${deliveries} deliveries, last with ${code}`,
      );
      return;
    }
    const delayMs = this.retries!.delayFor(deliveries);
    this.logger.error(
      `Event ${event.pattern} (${id}) failed on delivery ${deliveries} with ${code}; retrying in ${delayMs} ms`,
    );
    this.retries!.schedule(stream, id, deliveries);
  }

  private async run(handler: MessageHandler, data: unknown, ctx: RedisStreamsContext): Promise<unknown> {
    return lastValueFrom(this.transformToObservable(await handler(data, ctx)), { defaultValue: undefined });
  }

  /**
   * Our patterns are plain strings, registered under themselves. Nest's own lookup first tries
   * JSON.parse on every pattern, and the exception that throws for a plain string was 14 % of a
   * replica's CPU; anything else still goes through it.
   */
  override getHandlerByPattern(pattern: string): MessageHandler | null {
    return this.messageHandlers.get(pattern) ?? super.getHandlerByPattern(pattern);
  }

  /** Exact pattern first, then `a.b.*`, `a.*`, `*` wildcards, so a consumer can take whole families. */
  private findEventHandler(pattern: string): MessageHandler | undefined {
    const exact = this.messageHandlers.get(pattern);
    if (exact?.isEventHandler) return exact;
    const parts = pattern.split('.');
    for (let i = parts.length - 1; i >= 0; i--) {
      const wildcard = i === 0 ? '*' : `${parts.slice(0, i).join('.')}.*`;
      const handler = this.messageHandlers.get(wildcard);
      if (handler?.isEventHandler) return handler;
    }
    return undefined;
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    this.reclaimer?.stop();
    this.retries?.stop();
    this.trimming?.stop();
    await this.readLoop?.stop();
    const drained = await this.gate.drain(this.settings.shutdownTimeoutMs);
    if (!drained)
      this.logger.warn(
        `${this.gate.active} bus messages still running at shutdown; other replicas will take them over`,
      );
    await this.batcher?.flush();
    if (drained) await this.removeConsumer().catch(() => undefined);
    // Whatever is still ours is abandoned now: let the other replicas take it without waiting for the TTL.
    await this.heartbeat?.remove().catch(() => undefined);
    await Promise.allSettled([this.reader?.quit(), this.commands?.quit()]);
  }

  /** Consumer names are per process; forget ours when it holds nothing, so groups stay tidy. */
  private async removeConsumer(): Promise<void> {
    for (const stream of this.streams) {
      const pending = await this.commands!.xpending(stream, this.group, '-', '+', 1, this.consumerName);
      if (pending.length === 0) await this.commands!.xgroup('DELCONSUMER', stream, this.group, this.consumerName);
    }
  }
}
