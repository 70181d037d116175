import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';

/** The callee did not answer in time (not running, overloaded, or stuck). */
export class BusTimeoutError extends AppError {
  constructor(pattern: string, timeoutMs: number) {
    super(ErrorCode.BUS_TIMEOUT, `No reply to ${pattern} within ${timeoutMs} ms`, { pattern, timeoutMs });
  }
}

/**
 * The request was not sent: the bus is unreachable (Redis), or, with `service`, that service's
 * breaker is open because it has stopped answering.
 */
export class BusUnavailableError extends AppError {
  constructor(pattern: string, service?: string) {
    super(
      ErrorCode.BUS_UNAVAILABLE,
      service
        ? `Did not send ${pattern}: ${service} has stopped answering (its circuit breaker is open)`
        : `Could not send ${pattern}: the bus is unavailable`,
      { pattern },
    );
  }
}

/** The callee failed; carries its `{code, message, details}` across the process boundary. */
export class RemoteError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}
