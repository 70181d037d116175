import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern } from '@nestjs/microservices';
import { BusClient, RedisStreamsClient, RedisStreamsServer, streamKeys } from '@portcullis/bus';
import { bareEvent } from '@portcullis/contracts';
import { testEnv, waitFor } from '@portcullis/testing';
import Redis from 'ioredis';
import { z } from 'zod';

const CLAIM_IDLE_MS = 150;
/** Several idle-claim periods: every claim pass in between finds the message pending and idle. */
const HANDLER_MS = 1_200;

const slowWork = bareEvent('slow.worked', z.object({ key: z.string() }));
const runs: string[] = [];

@Controller()
class SlowController {
  @EventPattern(slowWork.type)
  async work(payload: { key: string }): Promise<void> {
    runs.push(payload.key);
    await new Promise((resolve) => setTimeout(resolve, HANDLER_MS));
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

/**
 * The idle claim (XAUTOCLAIM) is the backstop for a replica stuck on a message, but it also returns
 * messages this very replica is still running when a handler is slower than claimIdleMs. Those are
 * ours already: the replica must not start them a second time.
 */
describe('a handler slower than claimIdleMs', () => {
  const env = testEnv('bus-slow-handler');
  let app: INestMicroservice;
  let proxy: RedisStreamsClient;
  let redis: Redis;

  beforeAll(async () => {
    const strategy = new RedisStreamsServer({
      service: 'slow',
      redis: { url: env.REDIS_URL },
      prefix: env.REDIS_PREFIX,
      blockMs: 200,
      claimIdleMs: CLAIM_IDLE_MS,
      claimIntervalMs: 50,
    });
    app = await NestFactory.createMicroservice(SlowModule, { strategy, logger: false });
    await app.listen();
    proxy = new RedisStreamsClient({ redis: { url: env.REDIS_URL }, prefix: env.REDIS_PREFIX, timeoutMs: 5000 });
    await proxy.connect();
    redis = new Redis(env.REDIS_URL);
  });

  afterAll(async () => {
    await proxy?.close();
    await app?.close();
    await redis?.quit();
  });

  it('runs once in the replica that holds it, and is acknowledged', async () => {
    await new BusClient(proxy).publish(slowWork, { key: 'slow-1' });
    const events = streamKeys.events(env.REDIS_PREFIX);

    await waitFor(() => runs.length > 0, { what: 'the handler to start' });
    await waitFor(async () => ((await redis.xpending(events, 'slow')) as [number])[0] === 0, {
      timeoutMs: 10_000,
      what: 'the event to be acknowledged',
    });

    expect(runs).toEqual(['slow-1']);
  });
});
