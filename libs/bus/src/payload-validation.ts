import { ErrorCode, findEvent, findRpc, RpcErrorPayload, Schema } from '@portcullis/contracts';
import { ZodError } from 'zod';

export type Checked = { ok: true; data: unknown } | { ok: false; error: RpcErrorPayload };

/**
 * The one place where a bus payload meets its contract, like a global validation pipe: a request
 * is parsed with its definition's payload schema (defaults and normalisations applied, unknown
 * fields dropped) before a handler runs, so a handler receives typed, valid input. A pattern with
 * no definition (the transport's own probes) passes as sent.
 */
export function checkRequest(pattern: string, data: unknown): Checked {
  const definition = findRpc(pattern);
  return definition ? check(definition.payload, data, definition.invalidCode) : { ok: true, data };
}

/** The same for an event of a declared type; a consumer of whole families still gets the envelope checked by its schema. */
export function checkEvent(pattern: string, data: unknown): Checked {
  const definition = findEvent(pattern);
  return definition ? check(definition.schema, data) : { ok: true, data };
}

function check(schema: Schema<unknown>, data: unknown, code: string = ErrorCode.VALIDATION_FAILED): Checked {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, error: invalidPayload(result.error, code) };
}

/** Same `details.errors` shape as the gateway's validation pipe, so clients parse one format. */
export function invalidPayload(error: ZodError, code: string): RpcErrorPayload {
  const byField = new Map<string, string[]>();
  for (const issue of error.issues) {
    const field = issue.path.join('.') || '(payload)';
    byField.set(field, [...(byField.get(field) ?? []), issue.message]);
  }
  const errors = [...byField].map(([field, messages]) => ({ field, messages }));
  const summary = errors.map((e) => `${e.field}: ${e.messages.join('; ')}`).join(', ');
  return { code, message: `The request is invalid: ${summary}`, details: { errors } };
}
