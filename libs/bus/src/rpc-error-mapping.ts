import { ErrorCode, isRpcErrorPayload, RpcErrorPayload } from '@portcullis/contracts';

/**
 * Turns whatever a handler threw (after the BusExceptionFilter) into the `{code, message, details}`
 * that crosses the bus. Anything without a code is an internal error whose message is not sent.
 */
export function toRpcErrorPayload(err: unknown): RpcErrorPayload {
  if (isRpcErrorPayload(err)) {
    return err.details
      ? { code: err.code, message: err.message, details: err.details }
      : { code: err.code, message: err.message };
  }
  return { code: ErrorCode.INTERNAL_ERROR, message: 'Internal error' };
}
