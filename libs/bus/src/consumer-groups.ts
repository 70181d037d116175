import { RedisClient } from '@portcullis/common';

/**
 * Creates each expected consumer group at the stream's start (0), so messages sent before a
 * service's first start are not missed; one that exists already is left alone.
 */
export async function ensureGroups(
  redis: RedisClient,
  expected: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  for (const [stream, groups] of expected) {
    for (const group of groups) {
      await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM').catch((err: Error) => {
        if (!err.message.includes('BUSYGROUP')) throw err;
      });
    }
  }
}
