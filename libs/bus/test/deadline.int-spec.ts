import { BusClient, RedisStreamsClient, streamKeys } from '@portcullis/bus';
import { ErrorCode } from '@portcullis/contracts';
import { AppProcess, testEnv, waitFor } from '@portcullis/testing';
import { encodeRequest } from '../src/wire-format';
import { CounterFixture } from './fixtures/counter-fixture';
import { Counter } from './fixtures/counter-contract';

const record = Counter.record;
const relay = Counter.relay;

jest.setTimeout(60_000);

/**
 * One deadline per request, carried through every hop: once the first caller has given up, no hop
 * starts work for it. Side effects are rows in PostgreSQL, so "not executed" is checked for real.
 */
describe('bus request deadlines (real Redis)', () => {
  const env = testEnv('bus-deadline');
  const fixture = new CounterFixture(env, 'bus_deadline');
  let replica: AppProcess;
  let proxy: RedisStreamsClient;
  let bus: BusClient;

  beforeAll(async () => {
    await fixture.createTable();
    replica = await fixture.replica('a', { CONCURRENCY: '2' }).start();
    proxy = new RedisStreamsClient({ redis: { url: env.REDIS_URL }, prefix: env.REDIS_PREFIX, timeoutMs: 10_000 });
    await proxy.connect();
    bus = new BusClient(proxy);
  });

  afterAll(async () => {
    await proxy?.close();
    await replica?.stop();
    await fixture.close();
  });

  const recorded = async (key: string) => (await fixture.rows('rpc')).some((r) => r.key === key);

  it('does not run the downstream call of a request whose caller gave up before it was made', async () => {
    // The relay works 800 ms, then calls counter.record; its caller only waits 300 ms.
    const error = await bus
      .call(relay, { key: 'nested-late', delayMs: 800 }, { timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.BUS_TIMEOUT });

    await waitFor(() => replica.logs().includes('RELAYED nested-late'), { what: 'the relay to finish its step' });
    expect(await recorded('nested-late')).toBe(false);
  });

  it('runs the downstream call when the budget still allows it', async () => {
    await expect(bus.call(relay, { key: 'nested-in-time', delayMs: 50 }, { timeoutMs: 3000 })).resolves.toMatchObject({
      key: 'nested-in-time',
    });
    expect(await recorded('nested-in-time')).toBe(true);
  });

  it('refuses a request that waited in the stream past its deadline', async () => {
    const blockers = [1, 2].map((n) => bus.call(record, { key: `blocker-${n}`, delayMs: 1000 }));
    await waitFor(() => replica.logs().includes('STARTED blocker-2'), { what: 'both slots to be busy' });
    const error = await bus.call(record, { key: 'queued-late' }, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.BUS_TIMEOUT });
    await Promise.all(blockers);

    await waitFor(() => replica.logs().includes('Refusing expired request counter.record'), {
      what: 'the late request to be refused',
    });
    expect(replica.logs()).not.toContain('STARTED queued-late');
    expect(await recorded('queued-late')).toBe(false);
  });

  it("judges the deadline on Redis' clock, not on the sender's skewed clock", async () => {
    const stream = streamKeys.rpc(env.REDIS_PREFIX, 'counter');
    const [seconds, micros] = await proxy.redis!.time();
    const redisNow = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    const send = (key: string, deadline: number, redisDeadline: number) =>
      proxy.redis!.xadd(
        stream,
        '*',
        ...encodeRequest({
          pattern: 'counter.record',
          id: key,
          replyTo: 'nobody',
          deadline,
          redisDeadline,
          data: { key },
        }),
      );
    // A sender whose clock runs an hour ahead claims a far deadline, but on Redis' clock it has passed...
    const spentId = await send('skew-ahead', Date.now() + 3_600_000, redisNow - 1);
    // ...and one whose clock runs an hour behind still gets its 5 s of work.
    await send('skew-behind', Date.now() - 3_600_000, redisNow + 5000);

    await waitFor(() => recorded('skew-behind'), { what: 'the in-budget request to run' });
    await waitFor(() => replica.logs().includes(`Refusing expired request counter.record (${spentId})`), {
      what: 'the spent request to be refused',
    });
    expect(await recorded('skew-ahead')).toBe(false);
  });

  it('counts time the request waited in the caller before Redis took it (a Redis restart), against its deadline', async () => {
    // The caller queues the XADD while Redis is away; here the queue is simulated by a late XADD of
    // what the client encoded at send time. Budget-from-XADD would run it; the Redis-clock deadline does not.
    const stream = streamKeys.rpc(env.REDIS_PREFIX, 'counter');
    const [seconds, micros] = await proxy.redis!.time();
    const sentAt = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    const fields = encodeRequest({
      pattern: 'counter.record',
      id: 'queued',
      replyTo: 'nobody',
      deadline: Date.now() + 300,
      redisDeadline: sentAt + 300,
      data: { key: 'offline-queued' },
    });
    await waitFor(
      async () => {
        const [s, m] = await proxy.redis!.time();
        return Number(s) * 1000 + Math.floor(Number(m) / 1000) > sentAt + 400;
      },
      { what: 'the caller to have given up', intervalMs: 20 },
    );
    const id = await proxy.redis!.xadd(stream, '*', ...fields);

    await waitFor(() => replica.logs().includes(`Refusing expired request counter.record (${id})`), {
      what: 'the late request to be refused',
    });
    expect(await recorded('offline-queued')).toBe(false);
  });
});
