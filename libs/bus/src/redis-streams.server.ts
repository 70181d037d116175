import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { ErrorCode } from '@portcullis/contracts';
import { markActiveSpanFailed } from '@portcullis/observability';
import { randomBytes } from 'crypto';
import Redis from 'ioredis';
import { hostname } from 'os';
import { lastValueFrom } from 'rxjs';
import { BusObserver, NO_BUS_OBSERVER } from './bus-observer';
import { BUS_DEFAULTS, BusServerOptions } from './bus-options';
import { ConcurrencyGate } from './concurrency-gate';
import { ConsumerHeartbeat } from './consumer-heartbeat';
import { DeadConsumers } from './dead-consumers';
import { DeadLetters } from './dead-letters';
import { checkEvent, checkRequest } from './payload-validation';
import { PendingReclaimer } from './pending-reclaimer';
import { RedisStreamsContext } from './redis-streams.context';
import { ReplyBatcher } from './reply-batcher';
import { localDeadline, RedisClock } from './request-deadline';
import { runInMessageContext } from './message-context';
import { toRpcErrorPayload } from './rpc-error-mapping';
import { streamKeys } from './stream-keys';
import { StreamTrimmer } from './stream-trimmer';
import { BusEvent, BusReply, BusRequest, decodeMessage } from './wire-format';

type StreamEntry = [id: string, fields: string[] | null];
type ReadReply = Array<[stream: string, entries: StreamEntry[]]> | null;

export const REDIS_STREAMS_TRANSPORT = Symbol.for('portcullis.redis-streams');

/**
 * Nest transport strategy over Redis Streams with consumer groups, shaped like Nest's ServerRedis.
 * Each service reads its own RPC stream and (if it has event handlers) the shared events stream in
 * one consumer group named after the service, so every message goes to exactly one replica.
 * Messages are acked only when handled. Each replica keeps a heartbeat key alive; a replica whose
 * heartbeat expired is dead and its pending messages are taken over at once, while a live but stuck
 * one's are taken over with XAUTOCLAIM after `claimIdleMs`. An event that keeps failing is moved to
 * a dead-letter stream (see PendingReclaimer).
 */
export class RedisStreamsServer extends Server implements CustomTransportStrategy {
  readonly transportId = REDIS_STREAMS_TRANSPORT;
  readonly consumerName: string;
  private readonly settings: Required<Omit<BusServerOptions, 'consumerName' | 'eventConsumers' | 'observer'>>;
  private readonly observer: BusObserver;
  private readonly eventConsumers: readonly string[];
  private readonly group: string;
  private readonly gate: ConcurrencyGate;
  private reader?: Redis;
  private commands?: Redis;
  private batcher?: ReplyBatcher;
  private clock?: RedisClock;
  private readerClientId?: number;
  private streams: string[] = [];
  private stopping = false;
  private readLoop?: Promise<void>;
  private heartbeat?: ConsumerHeartbeat;
  private reclaimer?: PendingReclaimer;
  private deadLetters?: DeadLetters;
  private trimTimer?: NodeJS.Timeout;
  private closing?: Promise<void>;

  constructor(options: BusServerOptions) {
    super();
    const claimIdleMs = options.claimIdleMs ?? BUS_DEFAULTS.claimIdleMs;
    this.settings = {
      concurrency: BUS_DEFAULTS.concurrency,
      maxDeliveries: BUS_DEFAULTS.maxDeliveries,
      blockMs: BUS_DEFAULTS.blockMs,
      shutdownTimeoutMs: BUS_DEFAULTS.shutdownTimeoutMs,
      trimIntervalMs: BUS_DEFAULTS.trimIntervalMs,
      heartbeatIntervalMs: BUS_DEFAULTS.heartbeatIntervalMs,
      heartbeatTtlMs: BUS_DEFAULTS.heartbeatTtlMs,
      deadConsumerCheckMs: BUS_DEFAULTS.deadConsumerCheckMs,
      ...stripUndefined(options),
      claimIdleMs,
      claimIntervalMs: options.claimIntervalMs ?? Math.max(50, Math.floor(claimIdleMs / 2)),
    };
    this.group = options.service;
    this.eventConsumers = options.eventConsumers ?? [];
    this.observer = options.observer ?? NO_BUS_OBSERVER;
    this.consumerName = options.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.gate = new ConcurrencyGate(this.settings.concurrency);
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
  on<EventKey extends string = string, EventCallback extends Function = Function>(event: EventKey, callback: EventCallback): void {
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
    this.reader.on('ready', () => void this.rememberReaderId());
    await Promise.all([this.reader.connect(), this.commands.connect()]);
    await this.rememberReaderId();
    this.clock = new RedisClock(this.commands);
    await this.clock.sync();
    this.batcher = new ReplyBatcher(this.commands, this.group, (err) => {
      this.logger.error(`Bus reply failed: ${String(err)}`);
    });
    const { prefix, service } = this.settings;
    this.streams = [streamKeys.rpc(prefix, service)];
    if ([...this.messageHandlers.values()].some((h) => h.isEventHandler)) this.streams.push(streamKeys.events(prefix));
    await this.ensureGroups();
    await this.startHeartbeat();
    this.readLoop = this.runReadLoop();
    this.startReclaimer();
    const trimmer = new StreamTrimmer(this.commands);
    this.trimTimer = setInterval(() => void this.trimAcknowledged(trimmer), this.settings.trimIntervalMs);
    this.logger.log(`Bus consumer ${this.consumerName} reading ${this.streams.join(', ')} as group ${this.group}`);
  }

  private createRedis(): Redis {
    const redis = new Redis(this.settings.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
    redis.on('error', (err) => {
      if (!this.stopping) this.logger.error(`Bus Redis error: ${err.message}`);
    });
    return redis;
  }

  private async rememberReaderId(): Promise<void> {
    this.readerClientId = (await this.reader!.client('ID'));
  }

  /**
   * Groups start at 0 so messages sent before a service's first start are not missed. Every replica
   * also creates every expected event consumer's group, whether it reads events or not: a service
   * that is down, or has never started, then has its events waiting (trimming keeps what it needs).
   */
  private async ensureGroups(): Promise<void> {
    for (const [stream, groups] of this.expectedGroups()) {
      for (const group of groups) {
        await this.commands!.xgroup('CREATE', stream, group, '0', 'MKSTREAM').catch((err: Error) => {
          if (!err.message.includes('BUSYGROUP')) throw err;
        });
      }
    }
  }

  /** Each stream this service touches, with the consumer groups that must exist on it. */
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
    const { prefix, service, claimIdleMs, claimIntervalMs, deadConsumerCheckMs, heartbeatIntervalMs, maxDeliveries } = this.settings;
    const deadConsumers = new DeadConsumers(this.commands!, this.heartbeat!, prefix, this.group);
    this.deadLetters = new DeadLetters(this.commands!, { prefix, service, group: this.group }, this.logger);
    this.reclaimer = new PendingReclaimer(
      this.commands!,
      { prefix, service, group: this.group, consumerName: this.consumerName, claimIdleMs, claimIntervalMs, deadConsumerCheckMs, deadClaimMinIdleMs: heartbeatIntervalMs, maxDeliveries },
      deadConsumers,
      this.deadLetters,
      this.gate,
      { streams: () => this.streams, dispatch: (stream, id, fields, deliveries) => this.dispatch(stream, id, fields, deliveries) },
      this.logger,
    );
    this.reclaimer.start();
  }

  private async runReadLoop(): Promise<void> {
    while (!this.stopping) {
      await this.gate.waitForSlot();
      if (this.stopping) break;
      let reply: ReadReply;
      try {
        reply = (await this.reader!.xreadgroup(
          'GROUP', this.group, this.consumerName,
          'COUNT', Math.max(1, Math.floor(this.gate.free / this.streams.length)),
          'BLOCK', this.settings.blockMs,
          'STREAMS', ...this.streams, ...this.streams.map(() => '>'),
        )) as ReadReply;
      } catch (err) {
        if (!this.stopping) await this.recoverFromReadError(err as Error);
        continue;
      }
      // Entries returned after close() began are handled anyway: they are already ours.
      for (const [stream, entries] of reply ?? []) {
        for (const [id, fields] of entries) if (fields) this.dispatch(stream, id, fields, 1);
      }
    }
  }

  private async recoverFromReadError(err: Error): Promise<void> {
    if (err.message.includes('NOGROUP')) {
      this.logger.warn('Consumer group vanished (Redis restarted?); recreating it');
      await this.ensureGroups().catch(() => undefined);
      return;
    }
    this.logger.error(`Bus read failed: ${err.message}; retrying in 1 s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }

  private dispatch(stream: string, id: string, fields: string[], deliveries: number): void {
    this.gate.enter();
    void this.handleEntry(stream, id, fields, deliveries)
      .catch((err) => {
        this.logger.error(`Bus handling of ${id} failed: ${String(err)}`);
      })
      .finally(() => this.gate.leave());
  }

  private async handleEntry(stream: string, id: string, fields: string[], deliveries: number): Promise<void> {
    const message = decodeMessage(fields);
    if (!message) {
      this.logger.warn(`Dropping malformed bus entry ${id} on ${stream}`);
      this.batcher!.ack(stream, id);
      return;
    }
    const ctx = new RedisStreamsContext([stream, id, message.pattern, deliveries]);
    if (message.kind === 'rpc') await this.handleRequest(stream, id, message, ctx);
    else await this.handleEventMessage(stream, id, fields, message, ctx);
  }

  private async handleRequest(stream: string, id: string, request: BusRequest, ctx: RedisStreamsContext): Promise<void> {
    const deadline = localDeadline(request, this.clock!);
    if (Date.now() >= deadline) {
      // The caller has already given up; doing the work now would only surprise it (or its retry).
      this.logger.warn(`Refusing expired request ${request.pattern} (${id})`);
      const err = { code: ErrorCode.BUS_DEADLINE_EXCEEDED, message: `The deadline of ${request.pattern} passed before it started` };
      this.batcher!.reply(request.replyTo, JSON.stringify({ id: request.id, err } satisfies BusReply));
      this.batcher!.ack(stream, id);
      return;
    }
    const checked = checkRequest(request.pattern, request.data);
    // The handler's own bus calls inherit this deadline (and request id, trace, principal) from the ambient context.
    const reply = checked.ok
      ? await runInMessageContext(request, deadline, () => this.invoke(request, checked.data, ctx))
      : { id: request.id, err: checked.error };
    this.batcher!.reply(request.replyTo, JSON.stringify(reply));
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

  private async handleEventMessage(stream: string, id: string, fields: string[], event: BusEvent, ctx: RedisStreamsContext): Promise<void> {
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
        // Left pending on purpose: the claim loop redelivers it, and dead-letters it after maxDeliveries.
        const { code } = toRpcErrorPayload(err);
        this.logger.error(`Event ${event.pattern} (${id}) failed on delivery ${ctx.getDeliveryCount()} with ${code}; will retry`);
        return;
      }
    }
    this.batcher!.ack(stream, id);
  }

  private async run(handler: MessageHandler, data: unknown, ctx: RedisStreamsContext): Promise<unknown> {
    return lastValueFrom(this.transformToObservable(await handler(data, ctx)), { defaultValue: undefined });
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

  /** Every replica trims; doing it more than once is harmless, and no leader is needed. */
  private async trimAcknowledged(trimmer: StreamTrimmer): Promise<void> {
    if (this.stopping) return;
    const expected = this.expectedGroups();
    for (const stream of this.streams) {
      await trimmer.trim(stream, expected.get(stream)).catch((err: Error) => {
        if (!this.stopping) this.logger.warn(`Bus trim of ${stream} failed: ${err.message}`);
      });
    }
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    this.reclaimer?.stop();
    clearInterval(this.trimTimer);
    await this.stopReading();
    const drained = await this.gate.drain(this.settings.shutdownTimeoutMs);
    if (!drained) this.logger.warn(`${this.gate.active} bus messages still running at shutdown; other replicas will take them over`);
    await this.batcher?.flush();
    if (drained) await this.removeConsumer().catch(() => undefined);
    // Whatever is still ours is abandoned now: let the other replicas take it without waiting for the TTL.
    await this.heartbeat?.remove().catch(() => undefined);
    await Promise.allSettled([this.reader?.quit(), this.commands?.quit()]);
  }

  /** CLIENT UNBLOCK ends a blocked XREADGROUP at once; repeated in case the read had not started yet. */
  private async stopReading(): Promise<void> {
    if (!this.readLoop) return;
    let done = false;
    const loop = this.readLoop.then(() => (done = true));
    while (!done) {
      if (this.readerClientId !== undefined) await this.commands!.client('UNBLOCK', this.readerClientId).catch(() => undefined);
      await Promise.race([loop, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
  }

  /** Consumer names are per process; forget ours when it holds nothing, so groups stay tidy. */
  private async removeConsumer(): Promise<void> {
    for (const stream of this.streams) {
      const pending = (await this.commands!.xpending(stream, this.group, '-', '+', 1, this.consumerName));
      if (pending.length === 0) await this.commands!.xgroup('DELCONSUMER', stream, this.group, this.consumerName);
    }
  }
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
