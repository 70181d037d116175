/** What crosses the bus when a handler fails: plain data, because instanceof does not survive a process boundary. */
export interface RpcErrorPayload {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export function isRpcErrorPayload(value: unknown): value is RpcErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RpcErrorPayload).code === 'string' &&
    typeof (value as RpcErrorPayload).message === 'string'
  );
}
