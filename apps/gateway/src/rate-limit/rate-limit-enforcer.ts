import { Injectable } from '@nestjs/common';
import { andThen, AppError, MaybePromise } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { RateLimitDecision, throttledClientOf } from '@portcullis/security';
import { FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from './caller-of';
import { LimitedCaller } from './limited-caller';
import { GatewayRateLimiter } from './gateway-rate-limiter';
import { setRateLimitHeaders } from './rate-limit-headers';
import { rateLimitExceeded } from './rate-limit.metrics';
import { RateLimitedEvents } from './rate-limited-events';
import { RefusedIps } from './refused-ips';
import { RequestLimits, UpstreamLimit } from './request-limits';

/**
 * Applies every limit of a request in one step: headers on the answer, and a 429 RATE_LIMITED
 * problem with Retry-After (counted, and sampled as `security.rate_limited`) when one is used up.
 * RateLimitGate calls it for every route; the proxy calls it itself, once it knows the upstream,
 * so an upstream's limit is decided in the same Redis round trip as the caller's.
 */
@Injectable()
export class RateLimitEnforcer {
  private readonly refusedIps = new RefusedIps();

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
    const client = throttledClientOf(request.ip);
    const checks = this.limits.checksFor({ ip: client, caller, ...extra });
    if (checks.length === 0) return;
    return andThen(this.limiter.run(checks), (decision) => this.apply(decision, client, reply, caller));
  }

  private apply(decision: RateLimitDecision, client: string, reply: FastifyReply, caller: LimitedCaller): void {
    setRateLimitHeaders(reply, decision);
    if (decision.allowed) return;
    if (decision.binding.policy === this.limits.ipTier()) this.refusedIps.remember(client, decision);
    this.events.refused(decision.binding, caller, client);
    throw refusal(decision);
  }

  /**
   * A 429 from memory, with no Redis call, for a client IP the `ip` tier is still refusing (see
   * RefusedIps): the guard asks before it checks any credential.
   */
  refuseKnownIp(request: FastifyRequest, reply: FastifyReply): void {
    const standing = this.refusedIps.standing(throttledClientOf(request.ip), () => this.limits.ipTier());
    if (!standing) return;
    setRateLimitHeaders(reply, standing);
    throw refusal(standing);
  }
}

/** The 429 of a refused decision (counted): Retry-After and the refusing policy for the problem filter. */
function refusal({ binding }: RateLimitDecision): AppError {
  const { policy, retryAfterSeconds } = binding;
  rateLimitExceeded().inc({ scope: policy.scope, policy: policy.name });
  return new AppError(ErrorCode.RATE_LIMITED, 'Too many requests; slow down', {
    retryAfterSeconds,
    policy: policy.name,
    scope: policy.scope,
  });
}
