import { All, ArgumentsHost, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { AppError, MaybePromise } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import Fastify, { FastifyReply, FastifyRequest } from 'fastify';
import { REQUIRED_PERMISSIONS, RequirePermissions } from '../rbac/require-permissions.decorator';
import { dataPlaneRoute, runOnDataPlane, urlsOf } from './data-plane';

@Controller('things')
class ThingsController {
  calls: string[] = [];

  @Post('check')
  @HttpCode(200)
  @RequirePermissions('things:read')
  check(name: string): MaybePromise<{ checked: string }> {
    this.calls.push(`check ${name}`);
    if (name === 'boom') throw new Error('boom');
    if (name === 'later-boom') return Promise.reject(new Error('later-boom'));
    return name === 'later' ? Promise.resolve({ checked: name }) : { checked: name };
  }

  @All([':id', ':id/*'])
  relay(request: FastifyRequest, reply: FastifyReply): void {
    this.calls.push(`relay ${(request.params as { id: string }).id}`);
    void reply.status(202).send({ relayed: true });
  }

  @Get('plain')
  plain(): string {
    return 'nest';
  }

  @Post('things')
  create(): { created: true } {
    return { created: true };
  }

  @Get('check')
  peek(): string {
    return 'nest';
  }

  @Post('headed')
  @Header('X-Thing', '1')
  headed(): string {
    return 'headed';
  }

  /** What `kept` and `same` answer (see keptAnswer). */
  answer = keptAnswer('first');

  @Get('kept')
  kept(): object {
    return this.answer;
  }

  @Get('same')
  same(): object {
    return this.answer;
  }
}

/** An answer that counts how often it is turned into JSON. */
function keptAnswer(name: string): object {
  let reads = 0;
  return Object.freeze(Object.defineProperty({ name }, 'reads', { enumerable: true, get: () => ++reads }));
}

/** The guard's answer: admit (now or later), refuse (by throwing or rejecting), or say false. */
type Verdict = 'admit' | 'admit-later' | 'throw' | 'reject' | 'false' | 'false-later';

async function serve(verdict: Verdict, options: { filterThrows?: boolean } = {}) {
  const controller = new ThingsController();
  const contexts: ExecutionContextHost[] = [];
  const caught: unknown[] = [];
  const refusal = new AppError(ErrorCode.AUTH_UNAUTHENTICATED, 'A Bearer access token is required');
  const fastify = Fastify();
  runOnDataPlane(
    fastify,
    'api/v1',
    [
      dataPlaneRoute({
        controller: ThingsController,
        method: 'check',
        run: (things, request) => things.check((request.body as { name: string }).name),
      }),
      dataPlaneRoute({
        controller: ThingsController,
        method: 'relay',
        run: (things, request, reply) => things.relay(request, reply),
      }),
      dataPlaneRoute({ controller: ThingsController, method: 'create', run: (things) => things.create() }),
      dataPlaneRoute({
        controller: ThingsController,
        method: 'kept',
        run: (things) => things.kept(),
        reusedAnswers: true,
      }),
      dataPlaneRoute({ controller: ThingsController, method: 'same', run: (things) => things.same() }),
    ],
    {
      guard: {
        canActivate(context) {
          contexts.push(context);
          if (verdict === 'throw') throw refusal;
          if (verdict === 'reject') return Promise.reject(refusal);
          if (verdict === 'admit-later') return Promise.resolve(true);
          if (verdict === 'false-later') return Promise.resolve(false);
          return verdict === 'admit';
        },
      },
      filter: {
        catch(err: unknown, host: ArgumentsHost) {
          caught.push(err);
          if (options.filterThrows) throw new Error('the filter broke');
          const status = err instanceof AppError ? 401 : ((err as { status?: number }).status ?? 500);
          void host
            .switchToHttp()
            .getResponse<FastifyReply>()
            .status(status)
            .send({ refused: String(err) });
        },
      },
      instanceOf: <C>() => controller as unknown as C,
    },
  );
  // As Nest registers them, with its own handlers: a swapped one is never called.
  const nest = () => {
    throw new Error("Nest's handler ran");
  };
  fastify.post('/api/v1/things/check', nest);
  fastify.all('/api/v1/things/:id', nest);
  fastify.all('/api/v1/things/:id/*', nest);
  fastify.get('/api/v1/things/plain', () => 'nest');
  fastify.post('/api/v1/things/things', nest);
  fastify.get('/api/v1/things/check', () => 'nest');
  fastify.get('/api/v1/things/kept', nest);
  fastify.get('/api/v1/things/same', nest);
  await fastify.ready();
  return { fastify, controller, contexts, caught, refusal };
}

describe('runOnDataPlane', () => {
  it('finds the URLs Nest registers for a method: prefix, controller path, each method path', () => {
    expect(
      urlsOf(dataPlaneRoute({ controller: ThingsController, method: 'check', run: () => undefined }), 'api/v1'),
    ).toEqual(['/api/v1/things/check']);
    expect(
      urlsOf(dataPlaneRoute({ controller: ThingsController, method: 'relay', run: () => undefined }), 'api/v1'),
    ).toEqual(['/api/v1/things/:id', '/api/v1/things/:id/*']);
  });

  it('runs an admitted request through the method, answering with its value and @HttpCode', async () => {
    const { fastify, controller, contexts } = await serve('admit');
    const res = await fastify.inject({ method: 'POST', url: '/api/v1/things/check', payload: { name: 'a' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ checked: 'a' });
    // The guard reads the rule from the controller method's own decorators, as for a Nest route.
    const targets = [contexts[0].getHandler(), contexts[0].getClass()];
    expect(new Reflector().getAllAndOverride(REQUIRED_PERMISSIONS, targets)).toEqual(['things:read']);
    expect(contexts[0].getType()).toBe('http');
    expect(contexts[0].switchToHttp().getRequest<FastifyRequest>().url).toBe('/api/v1/things/check');
    expect(controller.calls).toEqual(['check a']);
  });

  it('turns a reused answer into JSON once, and a new answer again; other routes every time', async () => {
    const { fastify, controller } = await serve('admit');
    const get = (path: string) => fastify.inject({ method: 'GET', url: `/api/v1/things/${path}` });

    const [first, second] = [await get('kept'), await get('kept')];
    for (const res of [first, second]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      // Serialized once: the count the first serialization read, in both answers.
      expect(res.json()).toEqual({ name: 'first', reads: 1 });
    }
    controller.answer = keptAnswer('second');
    expect((await get('kept')).json()).toEqual({ name: 'second', reads: 1 });

    // Without reusedAnswers the same object is serialized for every answer.
    expect((await get('same')).json()).toEqual({ name: 'second', reads: 2 });
    expect((await get('same')).json()).toEqual({ name: 'second', reads: 3 });
    expect((await get('same')).headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('lets a method that sends its own answer send it, on every method and both paths', async () => {
    const { fastify, controller } = await serve('admit');
    for (const [method, url] of [
      ['GET', '/api/v1/things/t1'],
      ['DELETE', '/api/v1/things/t1/deep/path?x=1'],
    ] as const) {
      const res = await fastify.inject({ method, url });
      expect([res.statusCode, res.json()]).toEqual([202, { relayed: true }]);
    }
    expect(controller.calls).toEqual(['relay t1', 'relay t1']);
  });

  it('waits for a guard or a method that has to ask someone', async () => {
    const { fastify } = await serve('admit-later');
    const res = await fastify.inject({ method: 'POST', url: '/api/v1/things/check', payload: { name: 'later' } });
    expect([res.statusCode, res.json()]).toEqual([200, { checked: 'later' }]);
  });

  it.each<Verdict>(['throw', 'reject'])(
    'hands a refusal (%s) to the filter and never runs the method',
    async (verdict) => {
      const { fastify, controller, caught, refusal } = await serve(verdict);
      const res = await fastify.inject({ method: 'POST', url: '/api/v1/things/check', payload: { name: 'a' } });
      expect(res.statusCode).toBe(401);
      expect(caught).toEqual([refusal]);
      expect(controller.calls).toEqual([]);
    },
  );

  it.each<Verdict>(['false', 'false-later'])(
    'answers 403 when the guard says no without an error (%s), as Nest does',
    async (verdict) => {
      const { fastify, controller, caught } = await serve(verdict);
      expect((await fastify.inject({ method: 'GET', url: '/api/v1/things/t1' })).statusCode).toBe(403);
      expect(caught).toEqual([expect.objectContaining({ message: 'Forbidden resource' })]);
      expect(controller.calls).toEqual([]);
    },
  );

  it("answers a POST without @HttpCode with Nest's 201", async () => {
    const { fastify } = await serve('admit');
    const res = await fastify.inject({ method: 'POST', url: '/api/v1/things/things' });
    expect([res.statusCode, res.json()]).toEqual([201, { created: true }]);
  });

  it('leaves another method at the same path to Nest', async () => {
    const { fastify, contexts } = await serve('admit');
    expect((await fastify.inject({ method: 'GET', url: '/api/v1/things/check' })).body).toBe('nest');
    expect(contexts).toEqual([]);
  });

  it('falls back to Fastify when the filter itself fails, instead of leaving a rejection unhandled', async () => {
    const { fastify } = await serve('reject', { filterThrows: true });
    expect((await fastify.inject({ method: 'GET', url: '/api/v1/things/t1' })).statusCode).toBe(500);
  });

  it('refuses to start when Nest never registered a data-plane route', async () => {
    const fastify = Fastify();
    runOnDataPlane(
      fastify,
      'api/v1',
      [dataPlaneRoute({ controller: ThingsController, method: 'check', run: () => undefined })],
      { guard: { canActivate: () => true }, filter: { catch: () => undefined }, instanceOf: <C>() => ({}) as C },
    );
    await expect(fastify.ready()).rejects.toThrow('Data-plane routes Nest did not register: POST /api/v1/things/check');
  });

  it('refuses a route with metadata only Nest would apply (@Header, @UseGuards, …)', () => {
    expect(() =>
      runOnDataPlane(
        Fastify(),
        'api/v1',
        [dataPlaneRoute({ controller: ThingsController, method: 'headed', run: () => undefined })],
        { guard: { canActivate: () => true }, filter: { catch: () => undefined }, instanceOf: <C>() => ({}) as C },
      ),
    ).toThrow('ThingsController.headed has __headers__');
  });

  it.each(['boom', 'later-boom'])('hands the filter what the method throws or rejects with (%s)', async (name) => {
    const { fastify, caught } = await serve('admit');
    const res = await fastify.inject({ method: 'POST', url: '/api/v1/things/check', payload: { name } });
    expect(res.statusCode).toBe(500);
    expect(caught).toEqual([new Error(name)]);
  });

  it('does not take an empty route parameter (`/things//x`): not found, as Nest routes do', async () => {
    const { fastify, contexts } = await serve('admit');
    expect((await fastify.inject({ method: 'GET', url: '/api/v1/things//x' })).statusCode).toBe(404);
    expect(contexts).toEqual([]);
  });

  it('leaves every other route to Nest', async () => {
    const { fastify, contexts } = await serve('admit');
    expect((await fastify.inject({ method: 'GET', url: '/api/v1/things/plain' })).body).toBe('nest');
    expect(contexts).toEqual([]);
  });
});
