import { ErrorCode } from '@portcullis/contracts';
import { BusClient, RedisStreamsClient, RemoteError, streamKeys } from '@portcullis/bus';
import { rpc } from '@portcullis/contracts';
import { z } from 'zod';
import { AppProcess, testEnv, waitFor } from '@portcullis/testing';
import { CounterFixture } from './fixtures/counter-fixture';
import { Counter } from './fixtures/counter-contract';

const record = Counter.record;
const fail = Counter.fail;

jest.setTimeout(60_000);

describe('bus RPC over Redis Streams (two real replicas)', () => {
  const env = testEnv('bus-rpc');
  const fixture = new CounterFixture(env, 'bus_rpc');
  let replicas: AppProcess[];
  let proxy: RedisStreamsClient;
  let bus: BusClient;

  beforeAll(async () => {
    await fixture.createTable();
    replicas = await Promise.all(['a', 'b'].map((name) => fixture.replica(name).start()));
    proxy = new RedisStreamsClient({ redis: { url: env.REDIS_URL }, prefix: env.REDIS_PREFIX, timeoutMs: 10_000 });
    await proxy.connect();
    bus = new BusClient(proxy);
  });

  afterAll(async () => {
    await proxy?.close();
    await Promise.all((replicas ?? []).map((r) => r.stop()));
    await fixture.close();
  });

  it('answers 1,000 concurrent requests exactly once each, spread over both replicas', async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `req-${i}`);
    const replies = await Promise.all(keys.map((key) => bus.call(record, { key })));

    expect(replies.map((r) => r.key)).toEqual(keys);
    const rows = await fixture.rows('rpc');
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((r) => r.key)).size).toBe(1000);
    const byReplica = new Map<string, number>();
    rows.forEach((r) => byReplica.set(r.replica, (byReplica.get(r.replica) ?? 0) + 1));
    expect(byReplica.get('a')).toBeGreaterThan(0);
    expect(byReplica.get('b')).toBeGreaterThan(0);
    // The reply names the replica that did the work, and that is where the row was written.
    const rowReplica = new Map(rows.map((r) => [r.key, r.replica]));
    expect(replies.every((r) => rowReplica.get(r.key) === r.replica)).toBe(true);
  });

  it('trims acknowledged requests so the stream stays small', async () => {
    const stream = streamKeys.rpc(env.REDIS_PREFIX, 'counter');
    // XADDs ever made to the stream: its length alone may already be trimmed to nothing below.
    const added = async () => {
      const info = (await proxy.redis!.xinfo('STREAM', stream)) as unknown[];
      return Number(info[info.indexOf('entries-added') + 1]);
    };
    const before = await added();
    await Promise.all(Array.from({ length: 1500 }, (_, i) => bus.call(record, { key: `trim-${i}` })));
    expect((await added()) - before).toBeGreaterThanOrEqual(1500);
    // Trimming is approximate (whole radix-tree nodes of up to 100 entries), hence the slack.
    await waitFor(async () => (await proxy.redis!.xlen(stream)) < 250, {
      timeoutMs: 5000,
      what: 'the request stream to be trimmed',
    });
  });

  it('carries a domain error across as {code, message, details}', async () => {
    const error = await bus.call(fail, { kind: 'app' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({
      code: 'COUNTER_REJECTED',
      message: 'The counter said no',
      details: { reason: 'test' },
    });
  });

  it('hides an unexpected error behind INTERNAL_ERROR with an errorId, never its message', async () => {
    const error = (await bus.call(fail, { kind: 'unknown' }).catch((e: unknown) => e)) as RemoteError;
    expect(error.code).toBe(ErrorCode.INTERNAL_ERROR);
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('hunter2');
    expect(error.details?.errorId).toEqual(expect.any(String));
  });

  it('fails with a typed timeout, within the timeout, when no replica of the callee runs', async () => {
    const started = Date.now();
    const error = await bus
      .call(rpc('nobody.ping', { payload: z.object({}), reply: z.unknown() }), {}, { timeoutMs: 300 })
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ code: ErrorCode.BUS_TIMEOUT });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });

  it('stops sending to a service that has stopped answering in time, and sends again once a probe is answered', async () => {
    const impatient = new RedisStreamsClient({
      redis: { url: env.REDIS_URL },
      prefix: env.REDIS_PREFIX,
      timeoutMs: 1000,
      breaker: { resetMs: 500 },
    });
    await impatient.connect();
    const client = new BusClient(impatient);
    try {
      const code = (key: string, delayMs?: number) =>
        client.call(record, { key, delayMs }).then(
          () => 'ok',
          (err: { code?: string }) => err.code,
        );
      // Each handler takes longer than the caller waits: three timeouts with a second to spare each.
      for (let i = 0; i < 3; i++) expect(await code(`breaker-slow-${i}`, 1500)).toBe(ErrorCode.BUS_TIMEOUT);
      const started = Date.now();
      expect(await code('breaker-refused')).toBe(ErrorCode.BUS_UNAVAILABLE);
      expect(Date.now() - started).toBeLessThan(100);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await code('breaker-probe')).toBe('ok');
      expect(await code('breaker-after')).toBe('ok');
      // The refused call never reached the service.
      await waitFor(async () => (await fixture.rows('rpc')).some((r) => r.key === 'breaker-slow-2'), {
        what: 'the slow calls to finish on the replicas',
      });
      expect((await fixture.rows('rpc')).some((r) => r.key === 'breaker-refused')).toBe(false);
    } finally {
      await client.onApplicationShutdown();
    }
  });

  it('answers BUS_NO_HANDLER for a pattern the service does not handle', async () => {
    const error = await bus
      .call(rpc('counter.unknownVerb', { payload: z.object({}), reply: z.unknown() }), {})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.BUS_NO_HANDLER });
  });

  it('works through the plain Nest ClientProxy API too', async () => {
    const { lastValueFrom } = await import('rxjs');
    const reply = await lastValueFrom(proxy.send('counter.record', { key: 'plain-send' }));
    expect(reply).toMatchObject({ key: 'plain-send' });
  });
});
