import Redis from 'ioredis';
import { BusRequest } from './wire-format';

/**
 * How a deadline crosses pods whose clocks disagree.
 *
 * An absolute epoch from the caller's clock cannot be trusted by the callee: a pod 2 s ahead would
 * refuse every request, one 2 s behind would work 2 s after the caller gave up. Redis, though, is
 * one clock for everyone: the ms part of an auto-generated stream entry id is Redis' time at XADD.
 * So the caller sends its remaining budget (ms) instead, and the deadline is, in Redis time,
 * `entry id ms + budget`. Each reader converts that to its own clock with an offset it measures
 * with TIME. This counts the time the request sat in the stream (consumers down, busy, or a
 * takeover after a crash), which a "receive time + budget" scheme would forget.
 *
 * Error bounds: the budget is measured just before XADD, so Redis' stamp is later by the one-way
 * latency to Redis (well under a ms here), making the deadline that much late; the offset is taken
 * at its largest possible value within TIME's round trip, which makes the local deadline early by
 * up to that round trip. Early is the safe side: work the caller no longer awaits is never started.
 */
export class RedisClock {
  /** Redis ms minus local ms. 0 until the first sync, which suits Redis on the same host. */
  private offsetMs = 0;
  private syncedAt = Number.NEGATIVE_INFINITY;
  private syncing?: Promise<void>;

  constructor(
    private readonly redis: Redis,
    private readonly resyncEveryMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  async sync(): Promise<void> {
    const sent = this.now();
    const [seconds, micros] = await this.redis.time();
    const redisMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    // Redis read its clock somewhere in [sent, received]; assuming `sent` gives the largest offset.
    this.offsetMs = redisMs - sent;
    this.syncedAt = this.now();
  }

  /** Local epoch ms at which Redis' clock shows `redisMs`; refreshes a stale offset in the background. */
  toLocal(redisMs: number): number {
    if (this.now() - this.syncedAt > this.resyncEveryMs && !this.syncing) {
      this.syncing = this.sync()
        .catch(() => undefined)
        .finally(() => (this.syncing = undefined));
    }
    return redisMs - this.offsetMs;
  }
}

/** The request's deadline on this process' clock; `entryId` is the stream entry that carried it. */
export function localDeadline(request: BusRequest, entryId: string, clock: RedisClock): number {
  const stampedAt = Number(entryId.split('-')[0]);
  if (request.budget === undefined || !Number.isFinite(stampedAt)) return request.deadline;
  return clock.toLocal(stampedAt) + request.budget;
}
