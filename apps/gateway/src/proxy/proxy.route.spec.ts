import { ArgumentsHost } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { AppError, MaybePromise } from '@portcullis/common';
import { ErrorCode, Principal } from '@portcullis/contracts';
import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RATE_LIMIT_DEFERRED } from '../rate-limit/rate-limit.policies';
import { REQUIRED_CAPABILITIES } from '../rbac/require-capabilities.decorator';
import { REQUIRED_PERMISSIONS } from '../rbac/require-permissions.decorator';
import { registerProxyRoute } from './proxy.route';

const PREFIX = '/api/v1/proxy/';
const principal = { kind: 'user', userId: 'u1' } as Principal;

/** The guard's answer for one request: admit (sync or async), refuse by throwing or by rejecting, or say false. */
type Verdict = 'admit' | 'admit-later' | 'throw' | 'reject' | 'false';

function serve(verdict: Verdict, forward: (apiId: string) => MaybePromise<void>) {
  const seen: { contexts: ExecutionContextHost[]; forwarded: string[]; caught: unknown[] } = {
    contexts: [],
    forwarded: [],
    caught: [],
  };
  const refusal = new AppError(ErrorCode.AUTH_UNAUTHENTICATED, 'A Bearer access token is required');
  const guard = {
    canActivate(context: ExecutionContextHost): MaybePromise<boolean> {
      seen.contexts.push(context);
      context.switchToHttp().getRequest<{ principal?: Principal }>().principal = principal;
      if (verdict === 'throw') throw refusal;
      if (verdict === 'reject') return Promise.reject(refusal);
      if (verdict === 'admit-later') return Promise.resolve(true);
      return verdict === 'admit';
    },
  };
  const proxy = {
    forward(apiId: string, who: Principal, _request: FastifyRequest, reply: FastifyReply): MaybePromise<void> {
      expect(who).toBe(principal);
      seen.forwarded.push(apiId);
      return forward(apiId) ?? void reply.send({ proxied: apiId });
    },
  };
  const filter = {
    catch(err: unknown, host: ArgumentsHost) {
      seen.caught.push(err);
      const status = err instanceof AppError ? 401 : ((err as { status?: number }).status ?? 500);
      void host
        .switchToHttp()
        .getResponse<FastifyReply>()
        .status(status)
        .send({ problem: String(err) });
    },
  };
  const fastify: FastifyInstance = Fastify();
  registerProxyRoute(fastify, PREFIX, { guard, proxy, filter });
  return { fastify, seen, refusal };
}

describe('registerProxyRoute', () => {
  it('admits through the guard with the proxy rule, then forwards every method on both paths', async () => {
    const { fastify, seen } = serve('admit', () => undefined);
    for (const [method, url] of [
      ['GET', `${PREFIX}api-1`],
      ['POST', `${PREFIX}api-1/items/7`],
      ['DELETE', `${PREFIX}api-1/items/7?x=1`],
      ['PATCH', `${PREFIX}api-1/`],
    ] as const) {
      const res = await fastify.inject({ method, url });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ proxied: 'api-1' });
    }
    expect(seen.forwarded).toEqual(['api-1', 'api-1', 'api-1', 'api-1']);
    // The AuthGuard reads the route's rule from the handler and class, as for a controller.
    const reflector = new Reflector();
    const targets = [seen.contexts[0].getHandler(), seen.contexts[0].getClass()];
    expect(reflector.getAllAndOverride(REQUIRED_PERMISSIONS, targets)).toEqual([]);
    expect(reflector.getAllAndOverride(REQUIRED_CAPABILITIES, targets)).toEqual([]);
    expect(reflector.getAllAndOverride(RATE_LIMIT_DEFERRED, targets)).toBe(true);
    expect(seen.contexts[0].getType()).toBe('http');
  });

  it('waits for a guard that has to ask someone', async () => {
    const { fastify, seen } = serve('admit-later', () => undefined);
    expect((await fastify.inject({ method: 'GET', url: `${PREFIX}api-2/x` })).statusCode).toBe(200);
    expect(seen.forwarded).toEqual(['api-2']);
  });

  it.each<Verdict>(['throw', 'reject'])('hands a refusal (%s) to the filter and never forwards', async (verdict) => {
    const { fastify, seen, refusal } = serve(verdict, () => undefined);
    const res = await fastify.inject({ method: 'GET', url: `${PREFIX}api-1/x` });
    expect(res.statusCode).toBe(401);
    expect(seen.caught).toEqual([refusal]);
    expect(seen.forwarded).toEqual([]);
  });

  it('answers 403 when the guard says no without an error, as Nest would', async () => {
    const { fastify, seen } = serve('false', () => undefined);
    expect((await fastify.inject({ method: 'GET', url: `${PREFIX}api-1/x` })).statusCode).toBe(403);
    expect(seen.forwarded).toEqual([]);
  });

  it('hands the filter what forward throws or rejects with', async () => {
    const failure = new Error('upstream refused');
    for (const fail of [
      () => {
        throw failure;
      },
      () => Promise.reject(failure),
    ]) {
      const { fastify, seen } = serve('admit', fail);
      expect((await fastify.inject({ method: 'GET', url: `${PREFIX}api-1/x` })).statusCode).toBe(500);
      expect(seen.caught).toEqual([failure]);
    }
  });

  it('does not take an empty API id (`/proxy//items`): not found, as Nest routes do', async () => {
    const { fastify, seen } = serve('admit', () => undefined);
    expect((await fastify.inject({ method: 'GET', url: `${PREFIX}/items` })).statusCode).toBe(404);
    expect(seen.contexts).toEqual([]);
  });
});
