import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { AppError, DEPENDENCY_RETRY_AFTER_SECONDS } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { FastifyReply } from 'fastify';

/** RFC 6749 §5.2 (and RFC 8693 §2.2.2) error codes. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'server_error'
  | 'temporarily_unavailable';

export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = 400,
    /** Seconds a client should wait before trying again (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
    /**
     * The platform's stable code, sent beside `error` where a client must tell it apart from
     * OAuth's own (a 429 is `RATE_LIMITED` on every route, DESIGN §4). An extension member: OAuth
     * client libraries read `error` and ignore the rest.
     */
    readonly code?: ErrorCode,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

/** What a platform error means to an OAuth client: its token, its scope, or our side. */
export function oauthErrorFrom(err: unknown): OAuthError {
  if (err instanceof OAuthError) return err;
  if (err instanceof AppError) {
    switch (err.code) {
      case ErrorCode.AUTH_UNAUTHENTICATED:
      case ErrorCode.AGENT_REVOKED:
        return new OAuthError('invalid_grant', 'The subject_token is invalid, expired or revoked');
      case ErrorCode.AGENT_CAPABILITY_DENIED:
      case ErrorCode.AGENT_UNKNOWN_CAPABILITY:
        return new OAuthError('invalid_scope', err.message);
      case ErrorCode.AGENT_DELEGATION_DEPTH:
        return new OAuthError('invalid_grant', err.message);
      case ErrorCode.AGENT_UNKNOWN_TYPE:
      case ErrorCode.VALIDATION_FAILED:
        return new OAuthError('invalid_request', err.message);
      case ErrorCode.AUTH_FORBIDDEN:
        return new OAuthError('unauthorized_client', err.message);
      case ErrorCode.RATE_LIMITED: {
        // RFC 6749 has no code for it; a 429 with Retry-After is what HTTP clients back off on.
        const retryAfter = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        return new OAuthError(
          'temporarily_unavailable',
          'Too many requests; slow down',
          429,
          retryAfter ?? 1,
          ErrorCode.RATE_LIMITED,
        );
      }
      case ErrorCode.BUS_TIMEOUT:
      case ErrorCode.BUS_UNAVAILABLE:
      case ErrorCode.SERVICE_UNAVAILABLE:
      case ErrorCode.BUS_DEADLINE_EXCEEDED:
        return new OAuthError('temporarily_unavailable', 'Try again shortly', 503, DEPENDENCY_RETRY_AFTER_SECONDS);
    }
  }
  if (err instanceof HttpException && err.getStatus() === 413)
    return new OAuthError('invalid_request', 'The request body is too large', 413);
  return new OAuthError('server_error', 'The token could not be issued', 500);
}

/**
 * The token endpoint answers in OAuth's own error form (`{error, error_description}`, RFC 6749
 * §5.2), which ordinary OAuth client libraries read, instead of problem+json; with no-store, as
 * every token response must have. A 429 also carries `code: RATE_LIMITED`, as every 429 of the
 * gateway does; other refusals keep to OAuth's codes alone (an `invalid_grant` deliberately does not
 * say whether the subject token was expired or revoked).
 */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const err = oauthErrorFrom(exception);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (err.retryAfterSeconds !== undefined) void reply.header('Retry-After', String(err.retryAfterSeconds));
    void reply
      .status(err.status)
      .header('Cache-Control', 'no-store')
      .header('Pragma', 'no-cache')
      .type('application/json')
      .send({ error: err.error, error_description: err.description, ...(err.code && { code: err.code }) });
  }
}
