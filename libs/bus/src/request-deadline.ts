import { RedisClient } from '@portcullis/common';
import { BusRequest } from './wire-format';

/**
 * How a deadline crosses pods whose clocks disagree.
 *
 * An absolute epoch from the caller's clock cannot be trusted by the callee: a pod 2 s ahead would
 * refuse every request, one 2 s behind would work 2 s after the caller gave up. Redis, though, is
 * one clock for everyone (its TIME, and the ms part of the stream ids it generates). So the caller
 * states its deadline on Redis' clock, and each reader converts it to its own, each with an offset
 * it measures with TIME. Time the request spent anywhere on the way counts against it: in the
 * caller's offline queue while Redis was away, in the stream while consumers were down or busy,
 * with a replica that crashed before another took it over. (A relative budget counted from the
 * XADD would forget the first of these: the gateway answered 504 while a login queued during a
 * Redis restart still ran afterwards.)
 *
 * Error bounds: an offset is known only within TIME's round trip (sub-ms here), and both sides
 * round towards the early side — the caller states its deadline at the earliest Redis time its
 * clock could mean, the callee reads it at the earliest local time it could mean — so work the
 * caller no longer awaits is never started; at worst a request loses a round trip of its budget.
 */
export class RedisClock {
  /** Bounds of Redis ms minus local ms, from the last TIME round trip. 0 until the first sync. */
  private lowOffset = 0;
  private highOffset = 0;
  private syncedAt = Number.NEGATIVE_INFINITY;
  private syncing?: Promise<void>;

  constructor(
    private readonly redis: RedisClient,
    private readonly resyncEveryMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  async sync(): Promise<void> {
    const sent = this.now();
    const [seconds, micros] = await this.redis.time();
    const received = this.now();
    const redisMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    // Redis read its clock somewhere in [sent, received].
    this.lowOffset = redisMs - received;
    this.highOffset = redisMs - sent;
    this.syncedAt = received;
  }

  /** The earliest Redis time that local time `localMs` can be. */
  toRedis(localMs: number): number {
    this.resyncIfStale();
    return localMs + this.lowOffset;
  }

  /** The earliest local time at which Redis' clock can show `redisMs`. */
  toLocal(redisMs: number): number {
    this.resyncIfStale();
    return redisMs - this.highOffset;
  }

  /** Clocks drift; the offset is refreshed in the background, never on a message's path. */
  private resyncIfStale(): void {
    if (this.now() - this.syncedAt <= this.resyncEveryMs || this.syncing) return;
    this.syncing = this.sync()
      .catch(() => undefined)
      .finally(() => (this.syncing = undefined));
  }
}

/** The request's deadline on this process' clock. */
export function localDeadline(request: BusRequest, clock: RedisClock): number {
  return request.redisDeadline === undefined ? request.deadline : clock.toLocal(request.redisDeadline);
}
