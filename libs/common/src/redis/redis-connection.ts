import Redis, { Cluster, ClusterOptions, RedisOptions } from 'ioredis';
import type { ConnectionOptions as TlsOptions } from 'tls';

export interface RedisEndpoint {
  host: string;
  port: number;
}

/**
 * How this deployment reaches Redis: one server, a Sentinel-monitored master, or a Cluster. Every
 * connection of every app is built from it by `createRedis`, so the topology is chosen in one place.
 */
export interface RedisConnectionSettings {
  /**
   * `redis://` or `rediss://` (TLS). Its user, password and database apply in every topology; with
   * Sentinel or Cluster its host and port are not used (the sentinels or the nodes are).
   */
  url: string;
  /** PEM of the CA that signed the servers' certificates, when it is not one Node trusts already. */
  tlsCa?: string;
  /** Refuse a server whose certificate does not verify; true unless said otherwise. */
  tlsRejectUnauthorized?: boolean;
  /** Sentinels to ask where the master of `sentinelName` is; ioredis follows failovers. */
  sentinels?: readonly RedisEndpoint[];
  sentinelName?: string;
  /** Seed nodes of a Redis Cluster; the rest of the cluster is discovered from them. */
  clusterNodes?: readonly RedisEndpoint[];
}

/** A connection of any topology: both speak the same commands, scripts and pipelines. */
export type RedisClient = Redis | Cluster;

/** What a single connection may set for itself; the where and the who come from the settings. */
export type RedisConnectionOverrides = Pick<
  RedisOptions,
  'lazyConnect' | 'maxRetriesPerRequest' | 'connectionName' | 'enableAutoPipelining'
>;

export const isClusterMode = (settings: RedisConnectionSettings): boolean => (settings.clusterNodes?.length ?? 0) > 0;

/** One connection (or one cluster client) in the deployment's topology. */
export function createRedis(settings: RedisConnectionSettings, overrides: RedisConnectionOverrides = {}): RedisClient {
  if (isClusterMode(settings))
    return new Cluster(endpoints(settings.clusterNodes!), clusterOptions(settings, overrides));
  return new Redis(redisOptions(settings, overrides));
}

/**
 * ioredis options for one server or a Sentinel group, for code that opens its own connections
 * from options (BullMQ). A Cluster has no such form: use `createRedis` for it.
 */
export function redisOptions(
  settings: RedisConnectionSettings,
  overrides: RedisConnectionOverrides = {},
): RedisOptions {
  const url = new URL(settings.url);
  const tls = tlsOptions(settings, url);
  const where: RedisOptions = settings.sentinels?.length
    ? {
        sentinels: endpoints(settings.sentinels),
        name: settings.sentinelName,
        // Sentinels on a TLS deployment speak TLS too, with the same trust.
        ...(tls && { enableTLSForSentinelMode: true, sentinelTLS: tls }),
      }
    : { host: url.hostname, port: Number(url.port || 6379) };
  return { ...where, ...credentials(url), db: database(url), ...(tls && { tls }), ...overrides };
}

/** Cluster nodes share the credentials and TLS; a cluster has only database 0. */
export function clusterOptions(
  settings: RedisConnectionSettings,
  overrides: RedisConnectionOverrides = {},
): ClusterOptions {
  const url = new URL(settings.url);
  const tls = tlsOptions(settings, url);
  const { lazyConnect, enableAutoPipelining, ...perNode } = overrides;
  return {
    lazyConnect,
    enableAutoPipelining,
    redisOptions: { ...credentials(url), ...(tls && { tls }), ...perNode },
  };
}

function credentials(url: URL): Pick<RedisOptions, 'username' | 'password'> {
  return {
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
  };
}

function database(url: URL): number {
  return url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
}

function tlsOptions(settings: RedisConnectionSettings, url: URL): TlsOptions | undefined {
  if (url.protocol !== 'rediss:') return undefined;
  return {
    rejectUnauthorized: settings.tlsRejectUnauthorized ?? true,
    ...(settings.tlsCa && { ca: settings.tlsCa }),
  };
}

const endpoints = (list: readonly RedisEndpoint[]): RedisEndpoint[] => list.map(({ host, port }) => ({ host, port }));
