import { trace } from '@opentelemetry/api';
import { currentRequestContext } from '../context/request-context';

const NONE = Object.freeze({});

/** pino's default merge writes into the mixin's object; the shared empty one is skipped instead. */
export function mergeRequestLogFields(mergeObject: object, mixinObject: object): object {
  return mixinObject === NONE ? mergeObject : Object.assign(mixinObject, mergeObject);
}

/**
 * pino's mixin: every log line written while a request is handled carries its `requestId` and trace
 * ids, whichever app writes it, so one grep follows a request across apps. The ids come from the
 * active span when tracing is on, else from the traceparent the request arrived with (if any).
 * Outside a request it adds nothing, and allocates nothing.
 */
export function requestLogFields(): object {
  const ctx = currentRequestContext();
  const span = trace.getActiveSpan()?.spanContext();
  if (!ctx && !span) return NONE;
  const fields: { requestId?: string; traceId?: string; spanId?: string } = {};
  if (ctx?.requestId) fields.requestId = ctx.requestId;
  if (span) {
    fields.traceId = span.traceId;
    fields.spanId = span.spanId;
  } else if (ctx?.traceparent && ctx.traceparent.length >= 55) {
    // version-traceid(32)-spanid(16)-flags
    fields.traceId = ctx.traceparent.slice(3, 35);
    fields.spanId = ctx.traceparent.slice(36, 52);
  }
  return fields;
}
