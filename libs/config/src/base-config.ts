import { z } from 'zod';
import { env } from './env-types';

/**
 * Variables every app reads. Each app extends this with its own. Defaults work on a developer
 * machine with PostgreSQL and Redis on localhost.
 */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  DATABASE_URL: env.url('postgres://postgres@127.0.0.1:5432/portcullis', ['postgres:', 'postgresql:']),
  REDIS_URL: env.url('redis://127.0.0.1:6379', ['redis:', 'rediss:']),
  /** Namespaces every Redis key (bus streams, queues, caches) so several deployments can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only')
    .default('portcullis'),
  /** PEM file of the CA behind the Redis servers' certificates (with a rediss:// REDIS_URL); read once at start. */
  REDIS_TLS_CA_FILE: env.readableFile(),
  /** Verify the Redis servers' certificates; `false` only for a test Redis with a self-signed one. */
  REDIS_TLS_REJECT_UNAUTHORIZED: env.bool(true),
  /** Redis Sentinel: `host:port,…` of the sentinels, and the master group they watch (REDIS_SENTINEL_NAME). */
  REDIS_SENTINELS: env.hostPorts(),
  REDIS_SENTINEL_NAME: env.optional(),
  /** Redis Cluster: `host:port,…` of some nodes to discover the cluster from. Not with REDIS_SENTINELS. */
  REDIS_CLUSTER_NODES: env.hostPorts(),
  BUS_RPC_TIMEOUT_MS: env.int(5000, 1),
  /** How long a called service's open circuit breaker refuses before a call probes it again; 0 turns the breakers off. */
  BUS_BREAKER_RESET_MS: env.int(3000, 0),
  BUS_CLAIM_IDLE_MS: env.int(30000, 100),
  /** Bus consumer heartbeat: refreshed every interval, expires after the TTL; an expired one marks a dead replica. */
  BUS_HEARTBEAT_INTERVAL_MS: env.int(1000, 50),
  BUS_HEARTBEAT_TTL_MS: env.int(3000, 100),
  /** How often each replica looks for dead consumers whose messages it should take over. */
  BUS_DEAD_CONSUMER_CHECK_MS: env.int(1000, 50),
  BUS_CONCURRENCY: env.int(64, 1),
  /** Safety caps on stream length; consumers trim acknowledged entries long before these. */
  BUS_RPC_MAXLEN: env.int(1_000_000, 1000),
  BUS_EVENTS_MAXLEN: env.int(1_000_000, 1000),
  SHUTDOWN_TIMEOUT_MS: env.int(10000, 0),
  /**
   * OpenTelemetry traces, off by default. `otlp` sends to OTEL_EXPORTER_OTLP_ENDPOINT (and the other
   * standard OTEL_EXPORTER_OTLP_* variables, read by the exporter); `file` appends JSON lines to
   * OTEL_TRACES_FILE (tests, or a quick look without a collector); `console` prints them.
   */
  OTEL_TRACES_EXPORTER: z.enum(['none', 'otlp', 'console', 'file']).default('none'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_TRACES_FILE: z.string().min(1).optional(),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

type RedisTopologyVariables = Partial<
  Pick<
    BaseConfig,
    'REDIS_URL' | 'REDIS_TLS_CA_FILE' | 'REDIS_SENTINELS' | 'REDIS_SENTINEL_NAME' | 'REDIS_CLUSTER_NODES'
  >
>;

/**
 * The Redis variables that only make sense together, which no single variable's schema can check.
 * `loadConfig` applies it to every app's config (a schema without these variables passes).
 */
export function redisTopologyProblems(config: RedisTopologyVariables): string[] {
  const sentinels = (config.REDIS_SENTINELS?.length ?? 0) > 0;
  const cluster = (config.REDIS_CLUSTER_NODES?.length ?? 0) > 0;
  const url = config.REDIS_URL ? new URL(config.REDIS_URL) : undefined;
  const problems: string[] = [];
  if (sentinels && cluster)
    problems.push(
      'REDIS_SENTINELS, REDIS_CLUSTER_NODES: set one or the other; Sentinel and Cluster are different Redis deployments',
    );
  if (sentinels && !config.REDIS_SENTINEL_NAME)
    problems.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS (the master group name the sentinels monitor)');
  if (!sentinels && config.REDIS_SENTINEL_NAME) problems.push('REDIS_SENTINEL_NAME: only used with REDIS_SENTINELS');
  if (config.REDIS_TLS_CA_FILE && url && url.protocol !== 'rediss:')
    problems.push('REDIS_TLS_CA_FILE: needs a rediss:// REDIS_URL (TLS)');
  if (cluster && url && url.pathname.length > 1 && url.pathname !== '/0')
    problems.push('REDIS_URL: a Redis Cluster has only database 0; drop the /<db> from the URL');
  return problems;
}
