import { Logger } from '@nestjs/common';
import { ClientProxy, MsPattern, ReadPacket, WritePacket } from '@nestjs/microservices';
import {
  activeTraceparent,
  createRedis,
  currentRequestContext,
  DeadlineExceededError,
  RedisClient,
  remainingBudgetMs,
  RequestContext,
  runOutsideRequestContext,
} from '@portcullis/common';
import { serviceOfPattern } from '@portcullis/contracts';
import type { BusBreakerSettings } from './bus-breakers';
import { randomUUID } from 'crypto';
import { BusObserver, NO_BUS_OBSERVER } from './bus-observer';
import { BUS_DEFAULTS, BusClientOptions } from './bus-options';
import { BusRecord } from './bus-record';
import { BusTimeoutError, BusUnavailableError, RemoteError } from './bus-errors';
import { RedisClock } from './request-deadline';
import { streamKeys } from './stream-keys';
import { BusReply, encodeEvent, encodeRequest, MessageHeaders } from './wire-format';

type Callback = (packet: WritePacket) => void;

/**
 * Nest ClientProxy over Redis Streams, shaped like Nest's ClientRedis. A request is XADDed to the
 * owning service's stream (the pattern's first segment) with this instance's reply channel; the
 * reply comes back by PUBLISH on that channel, so only the caller sees it. Events are XADDed to the
 * shared events stream, where they wait for consumers that are down.
 */
export class RedisStreamsClient extends ClientProxy {
  private readonly logger = new Logger('BusClient');
  private readonly settings: Required<BusClientOptions>;
  private readonly clientId = randomUUID();
  private readonly replyChannel: string;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private pub?: RedisClient;
  private clock?: RedisClock;
  private sub?: RedisClient;
  private connection?: Promise<void>;

  constructor(options: BusClientOptions) {
    super();
    this.settings = {
      timeoutMs: options.timeoutMs ?? BUS_DEFAULTS.timeoutMs,
      rpcMaxLen: options.rpcMaxLen ?? BUS_DEFAULTS.rpcMaxLen,
      eventsMaxLen: options.eventsMaxLen ?? BUS_DEFAULTS.eventsMaxLen,
      redis: options.redis,
      prefix: options.prefix,
      observer: options.observer ?? NO_BUS_OBSERVER,
      breaker: options.breaker ?? {},
    };
    this.replyChannel = streamKeys.replyChannel(options.prefix, this.clientId);
  }

  connect(): Promise<void> {
    // Opened outside any request: the reply subscriber lives on, and must not carry one request's context.
    this.connection ??= runOutsideRequestContext(() => this.open()).catch((err) => {
      this.connection = undefined;
      throw err;
    });
    return this.connection;
  }

  async close(): Promise<void> {
    for (const [id, timer] of this.timers) {
      clearTimeout(timer);
      this.routingMap.get(id)?.({ err: new BusUnavailableError('(client closed)'), isDisposed: true });
    }
    this.timers.clear();
    this.routingMap.clear();
    await Promise.allSettled([this.pub?.quit(), this.sub?.quit()]);
    this.pub = this.sub = undefined;
    this.connection = undefined;
  }

  unwrap<T>(): T {
    if (!this.pub) throw new Error('Bus client is not connected; call connect() first');
    return this.pub as T;
  }

  /**
   * How long a call waits for its reply: its own timeout (else the default), cut to what is left of
   * the ambient request's deadline.
   */
  timeoutFor(timeoutMs: number | undefined): number {
    return Math.min(timeoutMs ?? this.settings.timeoutMs, remainingBudgetMs() ?? Number.POSITIVE_INFINITY);
  }

  /** The breakers' settings (BusBreakers), or false when they are off. */
  get breakerSettings(): Partial<BusBreakerSettings> | false {
    return this.settings.breaker;
  }

  get prefix(): string {
    return this.settings.prefix;
  }

  /** What BusClient tells about each call it makes. */
  get observer(): BusObserver {
    return this.settings.observer;
  }

  /** The Redis connection used for XADD, for callers that need raw access (health checks). */
  get redis(): RedisClient | undefined {
    return this.pub;
  }

  /**
   * A call made while handling a request inherits that request's deadline: it waits at most the
   * remaining budget (or its own timeout, if shorter), tells the callee that deadline, and is not sent
   * at all once the budget is spent, so a caller that gave up stops the whole chain.
   */
  protected publish(packet: ReadPacket, callback: Callback): () => void {
    const { data, options } = unwrapRecord(packet.data);
    const pattern = this.normalizePattern(packet.pattern as MsPattern);
    const ambient = currentRequestContext();
    const left = remainingBudgetMs();
    if (left !== undefined && left <= 0) {
      callback({ err: new DeadlineExceededError(`sending ${pattern}`), isDisposed: true });
      return () => undefined;
    }
    const timeoutMs = this.timeoutFor(options.timeoutMs);
    const id = randomUUID();
    this.routingMap.set(id, callback);
    this.timers.set(
      id,
      setTimeout(() => this.settle(id, { err: new BusTimeoutError(pattern, timeoutMs), isDisposed: true }), timeoutMs),
    );
    const now = Date.now();
    const redisDeadline = this.clock!.toRedis(now) + timeoutMs;
    const headers = headersFor(ambient, options);
    const fields = encodeRequest({
      pattern,
      id,
      replyTo: this.replyChannel,
      deadline: now + timeoutMs,
      redisDeadline,
      data,
      ...headers,
    });
    const stream = streamKeys.rpc(this.settings.prefix, serviceOfPattern(pattern));
    this.pub!.xadd(stream, 'MAXLEN', '~', this.settings.rpcMaxLen, '*', ...fields).catch(() =>
      this.settle(id, { err: new BusUnavailableError(pattern), isDisposed: true }),
    );
    return () => this.forget(id);
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket): Promise<T> {
    const { data, options } = unwrapRecord(packet.data);
    const pattern = this.normalizePattern(packet.pattern as MsPattern);
    // An event carries who caused it and its trace, not the principal: its consumers act on their own.
    const { traceparent, requestId, origin } = headersFor(currentRequestContext(), options);
    const fields = encodeEvent({ pattern, data, traceparent, requestId, origin });
    const id = await this.pub!.xadd(
      streamKeys.events(this.settings.prefix),
      'MAXLEN',
      '~',
      this.settings.eventsMaxLen,
      '*',
      ...fields,
    );
    return id as T;
  }

  private async open(): Promise<void> {
    this.pub = this.createRedis();
    this.sub = this.createRedis();
    this.sub.on('message', (_channel: string, body: string) => this.onReply(body));
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.clock = new RedisClock(this.pub);
    await this.clock.sync();
    await this.sub.subscribe(this.replyChannel);
  }

  private createRedis(): RedisClient {
    const redis = createRedis(this.settings.redis, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', (err: Error) => this.logger.error(`Bus client Redis error: ${err.message}`));
    return redis;
  }

  private onReply(body: string): void {
    let reply: BusReply;
    try {
      reply = JSON.parse(body) as BusReply;
    } catch {
      return;
    }
    const err = reply.err ? new RemoteError(reply.err.code, reply.err.message, reply.err.details) : undefined;
    this.settle(reply.id, { err, response: reply.response, isDisposed: true });
  }

  private settle(id: string, packet: WritePacket): void {
    const callback = this.routingMap.get(id);
    this.forget(id);
    callback?.(packet);
  }

  private forget(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.routingMap.delete(id);
  }
}

/** The ambient request context as message headers; the active span (tracing on) is the trace's parent. */
function headersFor(ambient: RequestContext | undefined, options: BusRecord['options']): MessageHeaders {
  const traceparent = options.traceparent ?? activeTraceparent() ?? ambient?.traceparent;
  if (!ambient) return { traceparent };
  return { traceparent, requestId: ambient.requestId, principal: ambient.principal, origin: ambient.origin };
}

function unwrapRecord(data: unknown): { data: unknown; options: BusRecord['options'] } {
  return data instanceof BusRecord ? { data: data.data, options: data.options } : { data, options: {} };
}
