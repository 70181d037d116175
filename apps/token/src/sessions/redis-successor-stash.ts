import { Inject, Injectable } from '@nestjs/common';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { SecretBox } from '@portcullis/security';
import { RedisClient } from '@portcullis/common';
import { tokenRedisKeys } from '../common/token-redis-keys';
import { SuccessorStash } from './successor-stash';

/** Poll interval while a duplicate waits for the winner; short, because the wait is a client's. */
const POLL_MS = 25;

@Injectable()
export class RedisSuccessorStash extends SuccessorStash {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(REDIS_KEY_PREFIX) private readonly prefix: string,
    private readonly box: SecretBox,
  ) {
    super();
  }

  async put(spentHash: string, successor: string, ttlSeconds: number): Promise<void> {
    if (ttlSeconds <= 0) return;
    await this.redis.set(tokenRedisKeys.successor(this.prefix, spentHash), this.box.seal(successor), 'EX', ttlSeconds);
  }

  async take(spentHash: string, waitMs: number): Promise<string | null> {
    const key = tokenRedisKeys.successor(this.prefix, spentHash);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const sealed = await this.redis.get(key);
      if (sealed) return this.box.open(sealed);
      if (Date.now() >= deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
