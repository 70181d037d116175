import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MaybePromise } from '@portcullis/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitEnforcer } from './rate-limit-enforcer';
import { RATE_LIMIT_DEFERRED, RATE_LIMIT_POLICIES } from './rate-limit.policies';

interface RouteLimits {
  deferred: boolean;
  routePolicies: string[] | undefined;
}

/**
 * Every limit of a request, applied by the global AuthGuard right after authentication (so it knows
 * the caller, or counts a failed attempt against the client's IP) and before any pipe or handler
 * (so before any bus call or bcrypt work). A guard step and not a Nest interceptor: a global
 * interceptor costs every request an AsyncResource bind and an rxjs pipeline, which halved the
 * gateway's throughput when this was one. Routes marked `@RateLimitDeferred()` (the proxy) call the
 * enforcer themselves once they know their upstream.
 */
@Injectable()
export class RateLimitGate {
  private readonly routes = new WeakMap<object, RouteLimits>();

  constructor(
    private readonly reflector: Reflector,
    private readonly enforcer: RateLimitEnforcer,
  ) {}

  /**
   * `failedAuthentication`: the request is about to be refused 401; it counts against the client's
   * IP even on a deferred route, which would otherwise count it only once it knew its upstream.
   * Synchronous when no limit applies (see RateLimitEnforcer.enforce).
   */
  admit(context: ExecutionContext, failedAuthentication = false): MaybePromise<void> {
    const limits = this.limitsOf(context);
    if (limits.deferred && !failedAuthentication) return;
    const http = context.switchToHttp();
    return this.enforcer.enforce(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), {
      routePolicies: limits.routePolicies,
    });
  }

  /** Throws the 429 at once, from memory, while the `ip` tier refuses this client (RefusedIps). */
  refuseKnownIp(request: FastifyRequest, reply: FastifyReply): void {
    this.enforcer.refuseKnownIp(request, reply);
  }

  private limitsOf(context: ExecutionContext): RouteLimits {
    const handler = context.getHandler();
    let limits = this.routes.get(handler);
    if (!limits) {
      const targets = [handler, context.getClass()];
      limits = {
        deferred: !!this.reflector.getAllAndOverride<boolean>(RATE_LIMIT_DEFERRED, targets),
        routePolicies: this.reflector.getAllAndOverride<string[] | undefined>(RATE_LIMIT_POLICIES, targets),
      };
      this.routes.set(handler, limits);
    }
    return limits;
  }
}
