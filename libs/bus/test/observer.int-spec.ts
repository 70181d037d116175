import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { BusClient, BusExceptionFilter, BusObserver, RedisStreamsClient, RedisStreamsServer } from '@portcullis/bus';
import { AppError } from '@portcullis/common';
import { ErrorCode, rpc } from '@portcullis/contracts';
import { testEnv } from '@portcullis/testing';
import { z } from 'zod';

const echo = rpc('observed.echo', { payload: z.object({ n: z.number() }), reply: z.object({ n: z.number() }) });
const refuse = rpc('observed.refuse', { payload: z.object({}), reply: z.never() });

@Controller()
class ObservedController {
  @MessagePattern(echo.pattern)
  echo(payload: { n: number }): { n: number } {
    return payload;
  }

  @MessagePattern(refuse.pattern)
  refuse(): never {
    throw new AppError(ErrorCode.VALIDATION_FAILED, 'refused');
  }
}

@Module({ controllers: [ObservedController] })
class ObservedModule {}

/** What the observer heard: `side pattern outcome`, once per finished RPC. */
function recordingObserver(heard: string[]): BusObserver {
  return { rpcStarted: (side, pattern) => (outcome) => void heard.push(`${side} ${pattern} ${outcome}`) };
}

/** The hook behind `bus_rpc_duration_seconds{pattern}`: told of each RPC once, on each side, with its outcome. */
describe('bus observer', () => {
  const env = testEnv('bus-observer');
  const serverHeard: string[] = [];
  const clientHeard: string[] = [];
  let app: INestMicroservice;
  let proxy: RedisStreamsClient;

  beforeAll(async () => {
    const strategy = new RedisStreamsServer({
      service: 'observed',
      redis: { url: env.REDIS_URL },
      prefix: env.REDIS_PREFIX,
      blockMs: 200,
      observer: recordingObserver(serverHeard),
    });
    app = await NestFactory.createMicroservice(ObservedModule, { strategy, logger: false });
    app.useGlobalFilters(new BusExceptionFilter());
    await app.listen();
    proxy = new RedisStreamsClient({
      redis: { url: env.REDIS_URL },
      prefix: env.REDIS_PREFIX,
      timeoutMs: 5000,
      observer: recordingObserver(clientHeard),
    });
    await proxy.connect();
  });

  afterAll(async () => {
    await proxy?.close();
    await app?.close();
  });

  it('hears every RPC on the caller and on the handler, with ok or the error code', async () => {
    const bus = new BusClient(proxy);
    await expect(bus.call(echo, { n: 1 })).resolves.toEqual({ n: 1 });
    await expect(bus.call(refuse, {})).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED });

    const expected = ['observed.echo ok', `observed.refuse ${ErrorCode.VALIDATION_FAILED}`];
    expect(clientHeard).toEqual(expected.map((e) => `client ${e}`));
    expect(serverHeard).toEqual(expected.map((e) => `server ${e}`));
  });
});
