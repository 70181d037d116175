import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import {
  AppError,
  DEPENDENCY_RETRY_AFTER_SECONDS,
  DependencyUnavailableError,
  isDependencyUnavailable,
} from '@portcullis/common';
import { ErrorCode, httpStatusForCode } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Problem, problem, PROBLEM_CONTENT_TYPE } from './problem';

const CODE_FOR_STATUS: Record<number, string> = {
  400: ErrorCode.VALIDATION_FAILED,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.METHOD_NOT_ALLOWED,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/**
 * The one place an error becomes an HTTP response. Codes map to statuses through the contracts
 * table; anything unrecognised is a 500 with an `errorId` that is logged beside the real error, so
 * no stack, SQL or secret ever reaches a client.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = toProblem(exception, String(request.id), (errorId, err) =>
      this.logger.error(err instanceof Error ? err : String(err), `errorId=${errorId}`),
    );
    if (body.status === 429 || body.status === 423 || body.status === 503) {
      const retryAfter = (exception as { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds;
      // Every 503 is an outage a client should ride out, so it always says when to come back.
      const seconds = retryAfter ?? (body.status === 503 ? DEPENDENCY_RETRY_AFTER_SECONDS : undefined);
      if (seconds) void reply.header('Retry-After', String(seconds));
    }
    void reply.status(body.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(body);
  }
}

/**
 * Members of an error's details a client is meant to read (RFC 9457 extension members): field
 * errors, why each capability was refused (`denied`: capability and reason, e.g. `not_in_parent`),
 * which permissions or capabilities were missing, and the limits or names a refusal refers to. Any
 * other detail stays in the process: details also carry internals (addresses, timeouts).
 */
const PUBLIC_DETAILS = ['errors', 'denied', 'missing', 'maxDepth', 'agentType'] as const;

function publicDetailsOf(details: Record<string, unknown> | undefined): Partial<Problem> {
  const members: Record<string, unknown> = {};
  for (const name of PUBLIC_DETAILS) if (details?.[name] !== undefined) members[name] = details[name];
  return members;
}

export function toProblem(
  exception: unknown,
  requestId: string,
  logUnknown: (errorId: string, err: unknown) => void,
): Problem {
  if (exception instanceof AppError) {
    const status = httpStatusForCode(exception.code);
    if (status >= 500 && exception.code === ErrorCode.INTERNAL_ERROR) return internal(requestId, exception, logUnknown);
    return problem(status, exception.code, exception.message, requestId, publicDetailsOf(exception.details));
  }
  if (exception instanceof HttpException) return fromHttpException(exception, requestId);
  if (isDependencyUnavailable(exception)) {
    // The gateway's own PostgreSQL or Redis is down: temporary, so 503 (and Retry-After), not a 500.
    logUnknown(randomUUID(), exception);
    return toProblem(new DependencyUnavailableError(), requestId, logUnknown);
  }
  const statusCode = (exception as { statusCode?: number }).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    // Fastify's own errors (body too large, bad JSON, wrong content type) carry a statusCode.
    return problem(
      statusCode,
      CODE_FOR_STATUS[statusCode] ?? ErrorCode.VALIDATION_FAILED,
      cleanFastifyMessage(exception),
      requestId,
    );
  }
  return internal(requestId, exception, logUnknown);
}

function fromHttpException(exception: HttpException, requestId: string): Problem {
  const status = exception.getStatus();
  const response = exception.getResponse() as { message?: unknown; code?: string; errors?: Problem['errors'] } | string;
  const code =
    (typeof response === 'object' && response.code) ||
    CODE_FOR_STATUS[status] ||
    (status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_FAILED);
  const detail =
    typeof response === 'string'
      ? response
      : Array.isArray(response.message)
        ? response.message.join('; ')
        : typeof response.message === 'string'
          ? response.message
          : exception.message;
  const errors = typeof response === 'object' ? response.errors : undefined;
  return problem(status, code, detail, requestId, errors ? { errors } : {});
}

function internal(requestId: string, err: unknown, log: (errorId: string, err: unknown) => void): Problem {
  const errorId = randomUUID();
  log(errorId, err);
  return problem(
    500,
    ErrorCode.INTERNAL_ERROR,
    'An unexpected error occurred; quote the errorId when reporting it.',
    requestId,
    { errorId },
  );
}

function cleanFastifyMessage(err: unknown): string {
  const message = (err as Error).message ?? 'Bad request';
  return message.replace(/^FST_\w+:\s*/, '');
}
