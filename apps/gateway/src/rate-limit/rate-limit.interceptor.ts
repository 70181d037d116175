import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HealthController } from '@portcullis/observability';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { FastifyReply, FastifyRequest } from 'fastify';
import { from, Observable, switchMap } from 'rxjs';
import { RateLimitEnforcer } from './rate-limit-enforcer';
import { RATE_LIMIT_DEFERRED, RATE_LIMIT_POLICIES } from './rate-limit.policies';

/** Probes and scrapers are never limited: a load balancer must always learn the truth. */
const UNLIMITED: ReadonlySet<unknown> = new Set([HealthController, PrometheusController]);

/**
 * Global: runs after authentication (so it knows the caller) and before any pipe or handler (so
 * before any bus call or bcrypt work), and applies every limit of the request in one Redis step.
 * Routes marked `@RateLimitDeferred()` (the proxy) call the enforcer themselves with their upstream.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly enforcer: RateLimitEnforcer,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || UNLIMITED.has(context.getClass())) return next.handle();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(RATE_LIMIT_DEFERRED, targets)) return next.handle();
    const routePolicies = this.reflector.getAllAndOverride<string[] | undefined>(RATE_LIMIT_POLICIES, targets);
    const http = context.switchToHttp();
    return from(
      this.enforcer.enforce(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), { routePolicies }),
    ).pipe(switchMap(() => next.handle()));
  }
}
