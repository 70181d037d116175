import { ExceptionFilter, ForbiddenException } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { andThen, isPromise, MaybePromise } from '@portcullis/common';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../auth/current-principal.decorator';
import { RateLimitDeferred } from '../rate-limit/rate-limit.decorator';
import { RequireCapabilities } from '../rbac/require-capabilities.decorator';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { ProxyService } from './proxy.service';

/** What the proxy route needs of the gateway's Nest application: the same guard and filter as every route. */
export interface ProxyRouteParts {
  guard: { canActivate(context: ExecutionContextHost): MaybePromise<boolean> };
  proxy: Pick<ProxyService, 'forward'>;
  filter: ExceptionFilter;
}

/**
 * The proxy route's rule, read by the AuthGuard from these decorators as it reads a controller's.
 * Empty requirements: a user JWT, an agent token and X-API-Key all authenticate, and ProxyAccess
 * checks per API and route; the caller's limits and the upstream's are decided together, once the
 * API is known.
 */
export class ProxyEndpoint {
  @RequirePermissions()
  @RequireCapabilities()
  @RateLimitDeferred()
  forward(this: void): void {
    // Never called: the route below runs ProxyService.forward; this method carries the rule.
  }
}

/**
 * ANY /api/v1/proxy/:apiId and /api/v1/proxy/:apiId/* (DESIGN §3), registered on Fastify itself
 * rather than as a Nest controller: it is the data plane, and Nest's router spends a chain of async
 * steps (guards, interceptors, pipes, the response handler) on every request, each a promise and, on
 * Node 20, a run of the request context's promise hook. Nothing is skipped: the same global hooks
 * (request id and context, security headers, host check) run first, the same AuthGuard admits the
 * request (passport strategies, limits, RBAC) with ProxyEndpoint as its rule, and the same
 * ProblemFilter answers any refusal.
 */
export function registerProxyRoute(fastify: FastifyInstance, prefix: string, parts: ProxyRouteParts): void {
  const handler = (request: FastifyRequest, reply: FastifyReply): void => {
    const { apiId } = request.params as { apiId: string };
    const context = new ExecutionContextHost([request, reply], ProxyEndpoint, ProxyEndpoint.prototype.forward);
    const refuse = (err: unknown): void => void parts.filter.catch(err, context);
    try {
      // As Nest's router would: a route parameter must not be empty (`/proxy//items`).
      if (apiId === '') return reply.callNotFound();
      const done = andThen(parts.guard.canActivate(context), (admitted) => {
        if (!admitted) throw new ForbiddenException();
        return parts.proxy.forward(apiId, principalOf(request), request, reply);
      });
      if (isPromise(done)) done.then(undefined, refuse);
    } catch (err) {
      refuse(err);
    }
  };
  fastify.all(`${prefix}:apiId`, handler);
  fastify.all(`${prefix}:apiId/*`, handler);
}
