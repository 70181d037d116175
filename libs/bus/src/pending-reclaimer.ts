import { LoggerService } from '@nestjs/common';
import { RedisClient } from '@portcullis/common';
import { ConcurrencyGate } from './concurrency-gate';
import { DeadConsumers } from './dead-consumers';
import { DeadLetters } from './dead-letters';

type StreamEntry = [id: string, fields: string[] | null];
type PendingRow = [id: string, consumer: string, idleMs: number, deliveries: number];
export type ClaimedEntry = [id: string, fields: string[]];

export interface ReclaimSettings {
  prefix: string;
  service: string;
  group: string;
  consumerName: string;
  claimIdleMs: number;
  claimIntervalMs: number;
  deadConsumerCheckMs: number;
  /**
   * Least idle time of a dead consumer's message before it is claimed. Above zero on purpose: a
   * claim resets the idle time, so when two replicas race for the same message only one gets it.
   */
  deadClaimMinIdleMs: number;
  maxDeliveries: number;
}

/** What the reclaimer needs from the server: the streams it reads, and a way to run a message. */
export interface ReclaimTarget {
  streams(): readonly string[];
  dispatch(stream: string, id: string, fields: string[], deliveries: number): void;
  /** Whether this process is running the message right now. */
  isHandling(stream: string, id: string): boolean;
}

/**
 * Takes over messages other replicas of this group hold but will not finish:
 * - a dead consumer's (its heartbeat expired): claimed at once, and the consumer forgotten once empty;
 * - anyone's message idle for `claimIdleMs` (XAUTOCLAIM): the backstop for a live replica stuck on it.
 * A message delivered more than `maxDeliveries` times is moved to the dead-letter stream instead.
 * A claim can return a message this very replica is still running (its handler is slower than
 * `claimIdleMs`): that one is left alone, since it is ours already and running it again here would
 * handle it twice in one process.
 */
export class PendingReclaimer {
  private readonly timers: NodeJS.Timeout[] = [];
  private busy = false;
  private stopped = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly settings: ReclaimSettings,
    private readonly deadConsumers: DeadConsumers,
    private readonly deadLetters: DeadLetters,
    private readonly gate: ConcurrencyGate,
    private readonly target: ReclaimTarget,
    private readonly logger: LoggerService,
  ) {}

  start(): void {
    this.timers.push(
      setInterval(() => void this.exclusively((s) => this.takeOverDead(s)), this.settings.deadConsumerCheckMs),
    );
    this.timers.push(setInterval(() => void this.exclusively((s) => this.claimIdle(s)), this.settings.claimIntervalMs));
  }

  stop(): void {
    this.stopped = true;
    this.timers.forEach(clearInterval);
  }

  /** One pass at a time, over every stream, so two passes never claim into the same free slots. */
  private async exclusively(pass: (stream: string) => Promise<void>): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      for (const stream of this.target.streams()) await pass(stream);
    } catch (err) {
      if (!this.stopped) this.logger.error(`Bus claim failed: ${String(err)}`);
    } finally {
      this.busy = false;
    }
  }

  private async takeOverDead(stream: string): Promise<void> {
    for (const consumer of await this.deadConsumers.find(stream, this.settings.consumerName)) {
      if (consumer.pending > 0) await this.claimFromDead(stream, consumer.name);
      else await this.deadConsumers.forget(stream, consumer.name);
    }
  }

  private async claimFromDead(stream: string, consumer: string): Promise<void> {
    const { group, consumerName, deadClaimMinIdleMs } = this.settings;
    while (this.gate.free > 0 && !this.stopped) {
      const count = this.gate.free;
      const rows = (await this.redis.xpending(
        stream,
        group,
        'IDLE',
        deadClaimMinIdleMs,
        '-',
        '+',
        count,
        consumer,
      )) as PendingRow[];
      if (rows.length === 0) return;
      const claimed = (await this.redis.xclaim(
        stream,
        group,
        consumerName,
        deadClaimMinIdleMs,
        ...rows.map(([id]) => id),
      )) as StreamEntry[];
      if (claimed.length > 0)
        this.logger.warn(`Took over ${claimed.length} messages on ${stream} from dead consumer ${consumer}`);
      await this.dispatchClaimed(stream, liveEntries(claimed));
      if (rows.length < count) return;
    }
  }

  private async claimIdle(stream: string): Promise<void> {
    const { group, consumerName, claimIdleMs } = this.settings;
    let cursor = '0-0';
    do {
      if (this.gate.free === 0 || this.stopped) return;
      const [next, entries] = (await this.redis.xautoclaim(
        stream,
        group,
        consumerName,
        claimIdleMs,
        cursor,
        'COUNT',
        this.gate.free,
      )) as [string, StreamEntry[]];
      cursor = next;
      await this.dispatchClaimed(stream, liveEntries(entries));
    } while (cursor !== '0-0');
  }

  private async dispatchClaimed(stream: string, claimed: ClaimedEntry[]): Promise<void> {
    const entries = claimed.filter(([id]) => !this.target.isHandling(stream, id));
    if (entries.length === 0) return;
    const counts = await this.deliveryCounts(
      stream,
      entries.map(([id]) => id),
    );
    for (const [id, fields] of entries) {
      const deliveries = counts.get(id) ?? 2;
      if (deliveries > this.settings.maxDeliveries)
        await this.deadLetters.move(stream, id, fields, deliveries, `failed ${deliveries} deliveries`);
      else this.target.dispatch(stream, id, fields, deliveries);
    }
  }

  private async deliveryCounts(stream: string, ids: string[]): Promise<Map<string, number>> {
    const pipeline = this.redis.pipeline();
    ids.forEach((id) => pipeline.xpending(stream, this.settings.group, id, id, 1));
    const results = (await pipeline.exec()) ?? [];
    const counts = new Map<string, number>();
    results.forEach(([err, rows]) => {
      const row = !err && Array.isArray(rows) ? (rows[0] as PendingRow | undefined) : undefined;
      if (row) counts.set(row[0], Number(row[3]));
    });
    return counts;
  }
}

/** Claims return a null body for entries trimmed or deleted meanwhile; there is nothing to run. */
function liveEntries(entries: StreamEntry[]): ClaimedEntry[] {
  return entries.filter((e): e is ClaimedEntry => Array.isArray(e) && Array.isArray(e[1]));
}
