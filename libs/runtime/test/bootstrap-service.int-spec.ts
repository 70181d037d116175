import { z } from 'zod';
import { Controller, Injectable, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { BusClient, RedisStreamsClient } from '@portcullis/bus';
import { baseConfigSchema } from '@portcullis/config';
import { rpc } from '@portcullis/contracts';
import { freePort, testEnv } from '@portcullis/testing';
import { bootstrapService, RunningService } from '../src/bootstrap-service';

const calls = { init: 0, bootstrap: 0, handledAfterBootstrap: true };

@Injectable()
class HookCounter implements OnModuleInit, OnApplicationBootstrap {
  onModuleInit(): void {
    calls.init += 1;
  }
  onApplicationBootstrap(): void {
    calls.bootstrap += 1;
  }
}

const Probe = rpc('hooks-probe.count', { payload: z.object({}), reply: z.object({ bootstrapped: z.number() }) });

@Controller()
class ProbeController {
  @MessagePattern(Probe.pattern)
  count(): { bootstrapped: number } {
    if (calls.bootstrap === 0) calls.handledAfterBootstrap = false;
    return { bootstrapped: calls.bootstrap };
  }
}

@Module({ providers: [HookCounter], controllers: [ProbeController] })
class ProbeModule {}

/** The hybrid app (bus + ops HTTP) a service runs as, started in-process. */
describe('bootstrapService', () => {
  const env = testEnv('runtime-hooks');
  let running: RunningService;
  let client: RedisStreamsClient;

  beforeAll(async () => {
    const config = {
      ...baseConfigSchema.parse({ ...env, LOG_LEVEL: 'silent' }),
      OPS_PORT: await freePort(),
      OPS_HOST: '127.0.0.1',
    };
    running = await bootstrapService({ service: 'hooks-probe', config, module: () => ({ module: ProbeModule }) });
    client = new RedisStreamsClient({ redis: { url: env.REDIS_URL }, prefix: env.REDIS_PREFIX, timeoutMs: 5_000 });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await running?.app.close();
  });

  it('runs every lifecycle hook exactly once (a deferred microservice would run them again)', () => {
    expect(calls).toMatchObject({ init: 1, bootstrap: 1 });
  });

  it('consumes the bus only after the hooks have run', async () => {
    await expect(new BusClient(client).call(Probe, {})).resolves.toEqual({ bootstrapped: 1 });
    expect(calls.handledAfterBootstrap).toBe(true);
  });
});
