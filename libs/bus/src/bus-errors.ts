import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';

/** The callee did not answer in time (not running, overloaded, or stuck). */
export class BusTimeoutError extends AppError {
  constructor(pattern: string, timeoutMs: number) {
    super(ErrorCode.BUS_TIMEOUT, `No reply to ${pattern} within ${timeoutMs} ms`, { pattern, timeoutMs });
  }
}

/** The request could not be put on the bus at all (Redis unreachable). */
export class BusUnavailableError extends AppError {
  constructor(pattern: string) {
    super(ErrorCode.BUS_UNAVAILABLE, `Could not send ${pattern}: the bus is unavailable`, { pattern });
  }
}

/** The callee failed; carries its `{code, message, details}` across the process boundary. */
export class RemoteError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}
