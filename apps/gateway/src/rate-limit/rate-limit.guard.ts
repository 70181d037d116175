import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayRateLimiter } from './gateway-rate-limiter';
import { setRateLimitHeaders } from './rate-limit-headers';
import { rateLimitExceeded } from './rate-limit.metrics';
import { RATE_LIMIT_POLICIES } from './rate-limit.policies';

/**
 * Applies the policies a route names with `@RateLimit(...)`, before its handler (and so before any
 * bus call or bcrypt work): headers on every answer, a 429 RATE_LIMITED problem with Retry-After
 * when the most restrictive policy is used up. The client IP is the one the gateway computed
 * (X-Forwarded-For believed only from trusted proxies).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: GatewayRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const names = this.reflector.getAllAndOverride<string[] | undefined>(RATE_LIMIT_POLICIES, [context.getHandler(), context.getClass()]);
    if (!names?.length) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const decision = await this.limiter.check(names, { ip: request.ip });
    setRateLimitHeaders(http.getResponse<FastifyReply>(), decision);
    if (decision.allowed) return true;
    const { policy, retryAfterSeconds } = decision.binding;
    rateLimitExceeded().inc({ scope: policy.scope, policy: policy.name });
    throw new AppError(ErrorCode.RATE_LIMITED, 'Too many requests; slow down', { retryAfterSeconds, policy: policy.name });
  }
}
