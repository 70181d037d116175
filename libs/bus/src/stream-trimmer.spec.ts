import { compareIds, StreamTrimmer, successor } from './stream-trimmer';

describe('stream id arithmetic', () => {
  it('orders ids by time, then sequence, numerically rather than as text', () => {
    expect(compareIds('9-0', '10-0')).toBe(-1);
    expect(compareIds('10-2', '10-10')).toBe(-1);
    expect(compareIds('10-10', '10-10')).toBe(0);
    expect(compareIds('1795333178867-6', '1795333178867-5')).toBe(1);
  });

  it('names the id right after a delivered one', () => {
    expect(successor('1795333178867-6')).toBe('1795333178867-7');
  });
});

/** XINFO GROUPS and XPENDING answers for a stream whose groups have read up to given ids. */
function fakeRedis(groups: Array<{ name: string; lastDelivered: string; oldestPending?: string }>) {
  const trimmed: string[] = [];
  const redis = {
    xinfo: async () =>
      groups.map((g) => ['name', g.name, 'pending', g.oldestPending ? 1 : 0, 'last-delivered-id', g.lastDelivered]),
    xpending: async (_stream: string, group: string) => [
      1,
      groups.find((g) => g.name === group)?.oldestPending ?? null,
      null,
      [],
    ],
    xtrim: async (_stream: string, _strategy: string, _approx: string, id: string) => void trimmed.push(id),
  };
  return { redis: redis as unknown as ConstructorParameters<typeof StreamTrimmer>[0], trimmed };
}

describe('StreamTrimmer', () => {
  it('trims below what the slowest group still needs (its oldest pending entry, or past its last read)', async () => {
    const { redis, trimmed } = fakeRedis([
      { name: 'security', lastDelivered: '100-3' },
      { name: 'webhook-dispatcher', lastDelivered: '120-0', oldestPending: '90-1' },
    ]);
    await new StreamTrimmer(redis).trim('events', ['security', 'webhook-dispatcher']);
    expect(trimmed).toEqual(['90-1']);
  });

  it('trims nothing while an expected group is missing: it will start from the beginning', async () => {
    const { redis, trimmed } = fakeRedis([{ name: 'webhook-dispatcher', lastDelivered: '120-0' }]);
    await new StreamTrimmer(redis).trim('events', ['security', 'webhook-dispatcher']);
    expect(trimmed).toEqual([]);
  });
});
