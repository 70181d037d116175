import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { randomUUID } from 'crypto';
import { RedisClient } from '@portcullis/common';
import { WEBHOOK_SETTINGS, WebhookSettings } from '../config/webhook-settings';

/**
 * Leases in a sorted set scored by expiry (Redis's own clock, so replicas' clocks need not agree).
 * Expired leases are dropped first, so a replica that died mid-request blocks its endpoint for one
 * lease at most; a lease that is already ours is renewed (a kept slot used past its first lease).
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
type LeaseRedis = RedisClient & {
  acquireWebhookLease(key: string, leaseMs: number, holder: string, cap: number): Promise<number>;
};

/** How long past the request timeout a lease outlives a crashed holder. */
const LEASE_MARGIN_MS = 5_000;
/**
 * How long a finished request's slot stays with this replica for the next delivery to the same
 * endpoint. Long enough to bridge the gap between one job and the next on a busy endpoint, short
 * enough that another replica waiting for the slot (its jobs retry in 200–400 ms) is not held off.
 */
export const SLOT_LINGER_MS = 100;

/** One of an endpoint's slots, held by this replica until `validUntil` (performance.now(), conservative). */
export interface EndpointLease {
  readonly subscriptionId: string;
  readonly token: string;
  readonly validUntil: number;
}

interface IdleSlot {
  lease: EndpointLease;
  timer: NodeJS.Timeout;
}

/**
 * Caps requests in flight to one subscription across every replica, so one slow receiver holds at
 * most that many worker slots and cannot starve the others.
 *
 * Redis is the arbiter, but not on every request: a finished request's slot is kept for a moment
 * and handed to the next delivery to the same endpoint, so a busy endpoint costs no Redis round
 * trip per delivery (there were two: taking and returning the lease). A kept slot is used only
 * while its lease outlives a whole request, and is renewed otherwise; an idle one goes back after
 * SLOT_LINGER_MS, and all of them on shutdown. A replica that dies still blocks a slot for one
 * lease at most.
 */
@Injectable()
export class EndpointConcurrency implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EndpointConcurrency.name);
  private readonly redis: LeaseRedis;
  /** Names this replica's slots in Redis; a restart starts afresh and its old slots lapse. */
  private readonly replica = randomUUID();
  private issued = 0;
  private readonly idle = new Map<string, IdleSlot[]>();

  constructor(
    @Inject(REDIS) redis: RedisClient,
    @Inject(REDIS_KEY_PREFIX) private readonly prefix: string,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: Pick<WebhookSettings, 'perEndpointConcurrency' | 'timeoutMs'>,
  ) {
    redis.defineCommand('acquireWebhookLease', { numberOfKeys: 1, lua: ACQUIRE });
    this.redis = redis as LeaseRedis;
  }

  /** A slot for one request to the subscription's endpoint, or null when the endpoint is at its cap. */
  async acquire(subscriptionId: string): Promise<EndpointLease | null> {
    const kept = this.takeIdle(subscriptionId);
    if (kept && kept.validUntil - performance.now() > this.settings.timeoutMs) return kept;
    return this.lease(subscriptionId, kept?.token ?? `${this.replica}:${++this.issued}`);
  }

  /** The request is over: the slot waits briefly for this endpoint's next delivery, then goes back. */
  release(lease: EndpointLease): void {
    const slots = this.idle.get(lease.subscriptionId) ?? [];
    const slot: IdleSlot = { lease, timer: setTimeout(() => this.giveBack(slot), SLOT_LINGER_MS) };
    slot.timer.unref();
    slots.push(slot);
    this.idle.set(lease.subscriptionId, slots);
  }

  /**
   * Returns every kept slot, so other replicas need not wait for them to lapse. After the worker
   * has stopped (onModuleDestroy) and before Redis closes (onApplicationShutdown).
   */
  async beforeApplicationShutdown(): Promise<void> {
    const slots = [...this.idle.values()].flat();
    this.idle.clear();
    for (const slot of slots) clearTimeout(slot.timer);
    await Promise.all(slots.map((slot) => this.remove(slot.lease)));
  }

  /** Asks Redis for a slot (or to renew one of ours); the local deadline errs early by the time asking took. */
  private async lease(subscriptionId: string, token: string): Promise<EndpointLease | null> {
    const leaseMs = this.settings.timeoutMs + LEASE_MARGIN_MS;
    const asked = performance.now();
    const granted = await this.redis.acquireWebhookLease(
      this.keyOf(subscriptionId),
      leaseMs,
      token,
      this.settings.perEndpointConcurrency,
    );
    return granted === 1 ? { subscriptionId, token, validUntil: asked + leaseMs } : null;
  }

  private takeIdle(subscriptionId: string): EndpointLease | undefined {
    const slot = this.idle.get(subscriptionId)?.at(-1);
    if (!slot) return undefined;
    this.unlist(slot);
    return slot.lease;
  }

  private giveBack(slot: IdleSlot): void {
    if (this.unlist(slot)) void this.remove(slot.lease);
  }

  /** Takes a kept slot off its endpoint's list (and stops its timer); false if it was not there. */
  private unlist(slot: IdleSlot): boolean {
    const { subscriptionId } = slot.lease;
    const slots = this.idle.get(subscriptionId) ?? [];
    const at = slots.indexOf(slot);
    if (at < 0) return false;
    clearTimeout(slot.timer);
    slots.splice(at, 1);
    if (slots.length === 0) this.idle.delete(subscriptionId);
    return true;
  }

  /** A failed removal costs nothing worse than the slot lapsing with its lease. */
  private async remove(lease: EndpointLease): Promise<void> {
    await this.redis
      .zrem(this.keyOf(lease.subscriptionId), lease.token)
      .catch((err: Error) => this.logger.warn(`Lease release failed: ${err.message}`));
  }

  private keyOf(subscriptionId: string): string {
    return `${this.prefix}:webhook-dispatcher:in-flight:${subscriptionId}`;
  }
}
