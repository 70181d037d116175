import { RedisConnectionSettings } from '@portcullis/common';
import type { BusBreakerSettings } from './bus-breakers';
import { BusObserver } from './bus-observer';
import type { BusReplySerializerLike, StreamEntryDeserializerLike } from './bus-serializers';

/** Settings shared by the bus server (consumer) and client (producer). */
export interface BusConnectionOptions {
  /** Where Redis is (one server, Sentinel or Cluster); every bus connection is made from it. */
  redis: RedisConnectionSettings;
  /** Namespaces every key, so test runs and deployments sharing a Redis never see each other. */
  prefix: string;
  /** Told of every RPC (metrics); nothing by default. */
  observer?: BusObserver;
}

export interface BusServerOptions extends BusConnectionOptions {
  /** This app's name: its RPC stream and its consumer group on the events stream. */
  service: string;
  /** Unique per replica; defaults to host-pid-random. */
  consumerName?: string;
  /**
   * Every consumer group of the shared events stream (one per consuming service, from the
   * contracts). This replica creates all of them at start, at the stream's beginning, and trims
   * the stream only below what the slowest of them still needs, present or not yet created.
   */
  eventConsumers?: readonly string[];
  /** Most messages handled at once by this replica. */
  concurrency?: number;
  /**
   * How long a message may sit un-acked with a consumer before another replica takes it over,
   * even though that consumer still beats: the backstop for a live replica stuck on a message.
   */
  claimIdleMs?: number;
  /** How often to look for such messages; defaults to half of claimIdleMs. */
  claimIntervalMs?: number;
  /** How often this replica refreshes its heartbeat key (`<prefix>:bus:alive:<group>:<consumer>`). */
  heartbeatIntervalMs?: number;
  /** The heartbeat key's lifetime: a consumer whose key has expired is dead, and its messages are taken over at once. */
  heartbeatTtlMs?: number;
  /** How often to look for consumers whose heartbeat has expired. */
  deadConsumerCheckMs?: number;
  /** Deliveries of one event before it is moved to the dead-letter stream. */
  maxDeliveries?: number;
  /** How long one XREADGROUP blocks; bounds nothing important because close() unblocks it. */
  blockMs?: number;
  /** How long close() waits for in-flight handlers before giving up (they stay pending for others). */
  shutdownTimeoutMs?: number;
  /** How often acknowledged entries are trimmed from the streams this service reads. */
  trimIntervalMs?: number;
  /** A failed event is retried after this long, doubling each time (capped below claimIdleMs). */
  eventRetryBaseMs?: number;
  eventRetryMaxMs?: number;
  /** Nest's hooks: how a stream entry becomes a message, and a reply the string sent back. */
  serializer?: BusReplySerializerLike;
  deserializer?: StreamEntryDeserializerLike;
}

export type ServerSettings = Required<
  Omit<BusServerOptions, 'consumerName' | 'eventConsumers' | 'serializer' | 'deserializer' | 'observer'>
>;

/** The options with every default filled in; claims are checked twice per claimIdleMs unless told. */
export function serverSettings(options: BusServerOptions): ServerSettings {
  const { consumerName: _c, eventConsumers: _e, serializer: _s, deserializer: _d, observer: _o, ...given } = options;
  const claimIdleMs = options.claimIdleMs ?? BUS_DEFAULTS.claimIdleMs;
  return {
    concurrency: BUS_DEFAULTS.concurrency,
    maxDeliveries: BUS_DEFAULTS.maxDeliveries,
    blockMs: BUS_DEFAULTS.blockMs,
    shutdownTimeoutMs: BUS_DEFAULTS.shutdownTimeoutMs,
    trimIntervalMs: BUS_DEFAULTS.trimIntervalMs,
    heartbeatIntervalMs: BUS_DEFAULTS.heartbeatIntervalMs,
    heartbeatTtlMs: BUS_DEFAULTS.heartbeatTtlMs,
    deadConsumerCheckMs: BUS_DEFAULTS.deadConsumerCheckMs,
    eventRetryBaseMs: BUS_DEFAULTS.eventRetryBaseMs,
    eventRetryMaxMs: BUS_DEFAULTS.eventRetryMaxMs,
    ...stripUndefined(given),
    claimIdleMs,
    claimIntervalMs: options.claimIntervalMs ?? Math.max(50, Math.floor(claimIdleMs / 2)),
  };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export interface BusClientOptions extends BusConnectionOptions {
  /** Default RPC timeout; each call may override it with a BusRecord. */
  timeoutMs?: number;
  /**
   * Hard caps applied on XADD (`MAXLEN ~`). They are a safety net only: consumers trim what every
   * group has acknowledged, so in normal running streams stay far below these.
   */
  rpcMaxLen?: number;
  eventsMaxLen?: number;
  /** The breaker in front of each called service (BusBreakers); `false` turns them off. */
  breaker?: Partial<BusBreakerSettings> | false;
}

export const BUS_DEFAULTS = {
  concurrency: 64,
  claimIdleMs: 30_000,
  maxDeliveries: 5,
  blockMs: 5_000,
  shutdownTimeoutMs: 10_000,
  timeoutMs: 5_000,
  rpcMaxLen: 1_000_000,
  eventsMaxLen: 1_000_000,
  trimIntervalMs: 1_000,
  heartbeatIntervalMs: 1_000,
  heartbeatTtlMs: 3_000,
  deadConsumerCheckMs: 1_000,
  eventRetryBaseMs: 1_000,
  eventRetryMaxMs: 30_000,
} as const;
