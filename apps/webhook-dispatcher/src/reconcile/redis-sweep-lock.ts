import { Inject, Injectable } from '@nestjs/common';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { RedisClient } from '@portcullis/common';
import { SweepLock } from './sweep-lock';

/** `SET NX PX`: taken by exactly one caller until it expires; nothing to release, nothing left behind by a crash. */
@Injectable()
export class RedisSweepLock extends SweepLock {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(REDIS_KEY_PREFIX) private readonly prefix: string,
  ) {
    super();
  }

  async tryAcquire(ttlMs: number): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}:webhooks:reconcile-lock`, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }
}
