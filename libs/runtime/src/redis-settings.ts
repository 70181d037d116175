import { BaseConfig } from '@portcullis/config';
import { RedisConnectionSettings } from '@portcullis/common';
import { readFileSync } from 'fs';

type RedisVariables = Pick<
  BaseConfig,
  | 'REDIS_URL'
  | 'REDIS_TLS_CA_FILE'
  | 'REDIS_TLS_REJECT_UNAUTHORIZED'
  | 'REDIS_SENTINELS'
  | 'REDIS_SENTINEL_NAME'
  | 'REDIS_CLUSTER_NODES'
>;

/** CA files by path: read once per process however many connections are made from them. */
const caFiles = new Map<string, string>();

/** The validated Redis variables as the settings every connection is built from (`createRedis`). */
export function redisSettings(config: RedisVariables): RedisConnectionSettings {
  const path = config.REDIS_TLS_CA_FILE;
  if (path && !caFiles.has(path)) caFiles.set(path, readFileSync(path, 'utf8'));
  return {
    url: config.REDIS_URL,
    tlsCa: path ? caFiles.get(path) : undefined,
    tlsRejectUnauthorized: config.REDIS_TLS_REJECT_UNAUTHORIZED,
    sentinels: config.REDIS_SENTINELS,
    sentinelName: config.REDIS_SENTINEL_NAME,
    clusterNodes: config.REDIS_CLUSTER_NODES,
  };
}
