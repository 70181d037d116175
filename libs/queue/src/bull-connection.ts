import { ConnectionOptions } from 'bullmq';

/** BullMQ connection settings from a redis:// or rediss:// URL (BullMQ takes options, not URLs). */
export function bullConnection(redisUrl: string): ConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/** Queues live under the deployment's prefix, beside the bus, so deployments never mix. */
export const bullPrefix = (prefix: string) => `${prefix}:bull`;
