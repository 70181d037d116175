import { RequestContext, RequestOrigin, USER_AGENT_MAX } from '@portcullis/common';
import { FastifyRequest } from 'fastify';

/**
 * The request context of one HTTP request. A class rather than a literal so the origin (client IP
 * through TRUSTED_PROXIES, user agent) is worked out only if something reads it — a bus call that
 * writes it into its message, an event — never on routes that make none: one allocation per
 * request, as before.
 */
export class HttpRequestContext implements RequestContext {
  principal?: unknown;
  private originSeen?: RequestOrigin;

  constructor(
    private readonly request: FastifyRequest,
    readonly requestId: string,
    readonly deadline: number,
    readonly traceparent: string | undefined,
  ) {}

  get origin(): RequestOrigin {
    if (!this.originSeen) {
      const userAgent = this.request.headers['user-agent'];
      this.originSeen = {
        ip: this.request.ip,
        userAgent: typeof userAgent === 'string' ? userAgent.slice(0, USER_AGENT_MAX) : undefined,
      };
    }
    return this.originSeen;
  }
}
