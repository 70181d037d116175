import { Injectable } from '@nestjs/common';
import { andThen, AppError, MaybePromise } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { RateLimitDecision } from '@portcullis/security';
import { FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from './caller-of';
import { LimitedCaller } from './limited-caller';
import { GatewayRateLimiter } from './gateway-rate-limiter';
import { setRateLimitHeaders } from './rate-limit-headers';
import { rateLimitExceeded } from './rate-limit.metrics';
import { RateLimitedEvents } from './rate-limited-events';
import { RequestLimits, UpstreamLimit } from './request-limits';

/**
 * Applies every limit of a request in one step: headers on the answer, and a 429 RATE_LIMITED
 * problem with Retry-After (counted, and sampled as `security.rate_limited`) when one is used up.
 * RateLimitGate calls it for every route; the proxy calls it itself, once it knows the upstream,
 * so an upstream's limit is decided in the same Redis round trip as the caller's.
 */
@Injectable()
export class RateLimitEnforcer {
  constructor(
    private readonly limits: RequestLimits,
    private readonly limiter: GatewayRateLimiter,
    private readonly events: RateLimitedEvents,
  ) {}

  /** Synchronous (no promise) when no limit applies; else one Redis round trip. */
  enforce(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { routePolicies?: readonly string[]; upstream?: UpstreamLimit } = {},
  ): MaybePromise<void> {
    const caller = callerOf(request);
    const checks = this.limits.checksFor({ ip: request.ip, caller, ...extra });
    if (checks.length === 0) return;
    return andThen(this.limiter.run(checks), (decision) => this.apply(decision, request, reply, caller));
  }

  private apply(
    decision: RateLimitDecision,
    request: FastifyRequest,
    reply: FastifyReply,
    caller: LimitedCaller,
  ): void {
    setRateLimitHeaders(reply, decision);
    if (decision.allowed) return;
    const binding = decision.binding;
    const { policy, retryAfterSeconds } = binding;
    rateLimitExceeded().inc({ scope: policy.scope, policy: policy.name });
    this.events.refused(binding, caller, request.ip);
    throw new AppError(ErrorCode.RATE_LIMITED, 'Too many requests; slow down', {
      retryAfterSeconds,
      policy: policy.name,
      scope: policy.scope,
    });
  }
}
