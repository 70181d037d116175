import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { RequestMeta } from '@portcullis/contracts';
import { FastifyRequest } from 'fastify';

/** ip (X-Forwarded-For honoured only from TRUSTED_PROXIES), user agent and request id. */
export const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : undefined,
    requestId: String(request.id),
  };
});
