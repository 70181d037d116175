/**
 * Every stable, machine-readable error code the platform emits. Clients match on these, so a code
 * is never renamed; the HTTP status for each lives in one table beside it.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  BUS_TIMEOUT: 'BUS_TIMEOUT',
  BUS_NO_HANDLER: 'BUS_NO_HANDLER',
  BUS_UNAVAILABLE: 'BUS_UNAVAILABLE',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one table that turns a code into an HTTP status. Unknown codes are 500. */
export const errorHttpStatus: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  RATE_LIMITED: 429,
  BUS_TIMEOUT: 504,
  BUS_NO_HANDLER: 502,
  BUS_UNAVAILABLE: 503,
};

export function httpStatusForCode(code: string): number {
  return (errorHttpStatus as Record<string, number>)[code] ?? 500;
}
