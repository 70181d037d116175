import { createRedis, isClusterMode, RedisConnectionSettings, redisOptions } from '@portcullis/common';
import { ConnectionOptions } from 'bullmq';

/**
 * BullMQ's connection in the deployment's topology. BullMQ opens its own connections from options
 * (a worker needs blocking ones that never give up on a command: maxRetriesPerRequest null); a
 * Cluster has no options form, so it gets a cluster client, which BullMQ duplicates as it needs.
 */
export function bullConnection(settings: RedisConnectionSettings): ConnectionOptions {
  const overrides = { maxRetriesPerRequest: null };
  return isClusterMode(settings) ? createRedis(settings, overrides) : redisOptions(settings, overrides);
}

/** Queues live under the deployment's prefix, beside the bus, so deployments never mix. */
export const bullPrefix = (prefix: string) => `${prefix}:bull`;
