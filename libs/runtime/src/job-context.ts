import {
  activeTraceparent,
  currentRequestContext,
  inSpan,
  runWithRequestContext,
  SpanKind,
  tracingEnabled,
} from '@portcullis/common';

/** What a queued job carries of the request that caused it (optional fields of its data). */
export interface JobTraceFields {
  traceparent?: string;
  requestId?: string;
}

/** The ambient request's trace and id, to put into a job's data; empty outside a request. */
export function jobTraceFields(): JobTraceFields {
  const ambient = currentRequestContext();
  const traceparent = activeTraceparent() ?? ambient?.traceparent;
  const fields: JobTraceFields = {};
  if (traceparent) fields.traceparent = traceparent;
  if (ambient?.requestId) fields.requestId = ambient.requestId;
  return fields;
}

/**
 * Runs a job's work in the context of the request that queued it: its logs carry that request id,
 * and with tracing on the job is a consumer span in that request's trace (a webhook delivery,
 * however many hours and retries later, links to the request that caused it).
 */
export function runInJobContext<T>(name: string, fields: JobTraceFields | undefined, fn: () => Promise<T>): Promise<T> {
  const context = { requestId: fields?.requestId, traceparent: fields?.traceparent };
  if (!tracingEnabled()) return runWithRequestContext(context, fn);
  return runWithRequestContext(context, () =>
    inSpan(name, { kind: SpanKind.CONSUMER, parent: fields?.traceparent ?? null }, fn),
  );
}
