import { AppError } from '@portcullis/common';
import { ErrorCode, findEvent, findRpc, RpcDefinition, RpcErrorPayload, Schema } from '@portcullis/contracts';
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

/**
 * The same for an event: against its type's definition, or else the schema its handler declared
 * (`@EventPattern('*', { schema: anyDomainEvent })`, for a consumer of whole families).
 */
export function checkEvent(pattern: string, data: unknown, handlerExtras?: Record<string, unknown>): Checked {
  const schema = findEvent(pattern)?.schema ?? (handlerExtras?.schema as Schema<unknown> | undefined);
  return schema ? check(schema, data) : { ok: true, data };
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

/**
 * What the bus server does to a payload, as a function: the parsed payload, or the AppError the
 * caller would get. For tests that drive a use case with raw input as the bus would deliver it.
 */
export function parsePayload<P>(definition: RpcDefinition<P, unknown>, data: unknown): P {
  const checked = check(definition.payload, data, definition.invalidCode);
  if (!checked.ok) throw new AppError(checked.error.code, checked.error.message, checked.error.details);
  return checked.data as P;
}
