import { ErrorCode } from '@portcullis/contracts';
import { AppError } from './app-error';

/** What a client is told to wait before retrying when a store this service needs is down. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 2;

/**
 * SQLSTATE classes and codes that mean "the database is not there right now" rather than "this
 * query is wrong": connection exceptions (class 08), the server shutting down or starting up
 * (57P01–57P03), and too many connections (53300).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket-level failures from node-postgres (and ioredis) while connecting or mid-query. */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres and pg-pool say these without a code. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /Connection is closed/,
];

/**
 * True when `err` (or what it wraps: TypeORM's `driverError`, a `cause`) says a store this service
 * depends on is unreachable. Such a failure is temporary and not the client's fault: 503 with
 * Retry-After, never a 500 that reads like a bug.
 */
export function isDependencyUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const { code, message, driverError, cause } = err as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
  };
  if (
    typeof code === 'string' &&
    (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code))
  )
    return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return true;
  return isDependencyUnavailable(driverError, depth + 1) || isDependencyUnavailable(cause, depth + 1);
}

/** The error a client sees for such a failure; the original (which may hold SQL) is only logged. */
export class DependencyUnavailableError extends AppError {
  constructor() {
    super(ErrorCode.SERVICE_UNAVAILABLE, 'A store this service needs is unavailable; retry shortly', {
      retryAfterSeconds: DEPENDENCY_RETRY_AFTER_SECONDS,
    });
  }
}
