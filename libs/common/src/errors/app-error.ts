/**
 * The one error type domain code throws. It carries a stable `code` (see contracts' ErrorCode) and
 * never an HTTP status: the gateway's filter decides that from the code. `details` must be safe to
 * show a client — never a secret, a hash or SQL.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toPayload(): { code: string; message: string; details?: Record<string, unknown> } {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}
