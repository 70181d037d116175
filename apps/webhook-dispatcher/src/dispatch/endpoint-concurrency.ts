import { Inject, Injectable } from '@nestjs/common';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import Redis from 'ioredis';
import { WEBHOOK_SETTINGS, WebhookSettings } from '../config/webhook-settings';

/**
 * Leases in a sorted set scored by expiry (Redis's own clock, so replicas' clocks need not agree).
 * Expired leases are dropped first, so a replica that died mid-request blocks its endpoint for one
 * lease at most; a lease that is already ours is renewed (a stalled job run again).
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local expires = now + tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[2]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], expires, ARGV[2])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]))
  return 1
end
return 0`;

/** ACQUIRE as a command of the client: ioredis sends it by EVALSHA, not the whole script every time. */
type LeaseRedis = Redis & {
  acquireWebhookLease(key: string, leaseMs: number, holder: string, cap: number): Promise<number>;
};

/** How long past the request timeout a lease outlives a crashed holder. */
const LEASE_MARGIN_MS = 5_000;

/**
 * Caps requests in flight to one subscription across every replica, so one slow receiver holds at
 * most that many worker slots and cannot starve the others.
 */
@Injectable()
export class EndpointConcurrency {
  private readonly redis: LeaseRedis;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(REDIS_KEY_PREFIX) private readonly prefix: string,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: Pick<WebhookSettings, 'perEndpointConcurrency' | 'timeoutMs'>,
  ) {
    redis.defineCommand('acquireWebhookLease', { numberOfKeys: 1, lua: ACQUIRE });
    this.redis = redis as LeaseRedis;
  }

  async acquire(subscriptionId: string, holder: string): Promise<boolean> {
    const leaseMs = this.settings.timeoutMs + LEASE_MARGIN_MS;
    const granted = await this.redis.acquireWebhookLease(this.keyOf(subscriptionId), leaseMs, holder, this.settings.perEndpointConcurrency);
    return granted === 1;
  }

  async release(subscriptionId: string, holder: string): Promise<void> {
    await this.redis.zrem(this.keyOf(subscriptionId), holder);
  }

  private keyOf(subscriptionId: string): string {
    return `${this.prefix}:webhook-dispatcher:in-flight:${subscriptionId}`;
  }
}
