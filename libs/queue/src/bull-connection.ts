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

/**
 * Queues live under the deployment's prefix, beside the bus, so deployments never mix. The prefix
 * is a hash tag, as the bus's keys are: BullMQ's scripts touch several keys of a queue at once, which
 * Redis Cluster allows only within one slot.
 */
export const bullPrefix = (prefix: string) => `{${prefix}}:bull`;
