import { testEnv, waitFor } from '@portcullis/testing';
import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { EndpointConcurrency, EndpointLease } from '../src/dispatch/endpoint-concurrency';

/** Two replicas' lease keepers on one real Redis, capped at 2 requests in flight per endpoint. */
describe('EndpointConcurrency (two replicas, real Redis)', () => {
  const env = testEnv('endpoint-slots');
  const settings = { perEndpointConcurrency: 2, timeoutMs: 1_000 };
  let redis: Redis;
  let a: EndpointConcurrency;
  let b: EndpointConcurrency;
  const endpoint = randomUUID();
  const key = `${env.REDIS_PREFIX}:webhook-dispatcher:in-flight:${endpoint}`;

  beforeEach(async () => {
    redis = new Redis(env.REDIS_URL);
    a = new EndpointConcurrency(redis, env.REDIS_PREFIX, settings);
    b = new EndpointConcurrency(redis, env.REDIS_PREFIX, settings);
    await redis.del(key);
  });

  afterEach(async () => {
    await a.beforeApplicationShutdown();
    await b.beforeApplicationShutdown();
    await redis.quit();
  });

  const take = async (replica: EndpointConcurrency): Promise<EndpointLease> => {
    const lease = await replica.acquire(endpoint);
    if (!lease) throw new Error('expected a slot');
    return lease;
  };

  it('caps the endpoint across replicas', async () => {
    await take(a);
    await take(b);
    expect(await a.acquire(endpoint)).toBeNull();
    expect(await b.acquire(endpoint)).toBeNull();
    expect(await redis.zcard(key)).toBe(2);
  });

  it("hands a finished request's slot to the same replica's next request without asking Redis", async () => {
    const first = await take(a);
    a.release(first);
    const sent = jest.spyOn(redis, 'sendCommand');
    const second = await take(a);
    const commands = sent.mock.calls.map(([command]) => command.name);
    sent.mockRestore();

    expect(second.token).toBe(first.token);
    expect(commands).toEqual([]);
  });

  it('holds a kept slot from other replicas only briefly, then gives it back', async () => {
    a.release(await take(a));
    await take(a);
    a.release(await take(a));
    // Both slots are a's: one in use, one kept.
    expect(await b.acquire(endpoint)).toBeNull();
    await waitFor(() => b.acquire(endpoint), {
      timeoutMs: 2_000,
      intervalMs: 20,
      what: 'the kept slot to be given back',
    });
    expect(await redis.zcard(key)).toBe(2);
  });

  it('returns kept slots on shutdown', async () => {
    const [first, second] = [await take(a), await take(a)];
    a.release(first);
    a.release(second);
    expect(await redis.zcard(key)).toBe(2);
    await a.beforeApplicationShutdown();
    expect(await redis.zcard(key)).toBe(0);
  });

  it('renews a kept slot whose lease would not outlast a whole request', async () => {
    const first = await take(a);
    a.release({ ...first, validUntil: performance.now() + settings.timeoutMs / 2 });
    const renewed = await take(a);
    expect(renewed.token).toBe(first.token);
    expect(renewed.validUntil - performance.now()).toBeGreaterThan(settings.timeoutMs);
    expect(await redis.zcard(key)).toBe(1);
  });
});
