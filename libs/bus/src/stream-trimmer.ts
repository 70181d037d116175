import { RedisClient } from '@portcullis/common';

/**
 * Trims a stream up to the oldest entry some consumer group still needs: below every group's
 * oldest pending entry and at or below its last-delivered id. XADD's `MAXLEN ~` alone would drop
 * entries nobody has read yet when a burst outruns the cap, so it is kept only as a far-off safety
 * net (for a group whose service is gone for good), and this does the everyday trimming.
 * A group can be missing although its service consumes the stream (Redis restarted and the service
 * has not recreated it yet, or it never started): the caller names the groups it expects, and a
 * missing one stops trimming, since it will start from the stream's beginning and needs everything.
 */
export class StreamTrimmer {
  constructor(private readonly redis: RedisClient) {}

  async trim(stream: string, expectedGroups: readonly string[] = []): Promise<void> {
    const safe = await this.safeMinId(stream, expectedGroups);
    if (safe) await this.redis.xtrim(stream, 'MINID', '~', safe);
  }

  /** The smallest id any group still needs, or null (trim nothing): no groups, or an expected one missing. */
  async safeMinId(stream: string, expectedGroups: readonly string[] = []): Promise<string | null> {
    const groups = ((await this.redis.xinfo('GROUPS', stream)) as unknown[][]).map(toRecord);
    const present = new Set(groups.map((group) => String(group.name)));
    if (expectedGroups.some((name) => !present.has(name))) return null;
    let safe: string | null = null;
    for (const group of groups) {
      const name = String(group.name);
      const pending = Number(group.pending);
      const needed =
        pending > 0 ? await this.oldestPending(stream, name) : successor(String(group['last-delivered-id']));
      if (needed && (safe === null || compareIds(needed, safe) < 0)) safe = needed;
    }
    return safe;
  }

  private async oldestPending(stream: string, group: string): Promise<string | null> {
    const summary = (await this.redis.xpending(stream, group)) as [number, string | null, string | null, unknown];
    return summary[1];
  }
}

function toRecord(flat: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[String(flat[i])] = flat[i + 1];
  return record;
}

/** The id right after `id`: everything before it has been delivered. */
export function successor(id: string): string {
  const [ms, seq] = id.split('-');
  return `${ms}-${Number(seq ?? 0) + 1}`;
}

export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  if (am !== bm) return am < bm ? -1 : 1;
  if ((as ?? 0n) !== (bs ?? 0n)) return (as ?? 0n) < (bs ?? 0n) ? -1 : 1;
  return 0;
}

/** Every replica trims on a timer; doing it more than once is harmless, and no leader is needed. */
export class TrimSchedule {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly trimmer: StreamTrimmer;

  constructor(
    redis: RedisClient,
    private readonly expectedGroups: () => ReadonlyMap<string, readonly string[]>,
    private readonly intervalMs: number,
    private readonly onError: (stream: string, err: Error) => void,
  ) {
    this.trimmer = new StreamTrimmer(redis);
  }

  start(): void {
    this.timer = setInterval(() => void this.trimAll(), this.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private async trimAll(): Promise<void> {
    for (const [stream, groups] of this.expectedGroups()) {
      if (this.stopped) return;
      await this.trimmer.trim(stream, groups).catch((err: Error) => this.onError(stream, err));
    }
  }
}
