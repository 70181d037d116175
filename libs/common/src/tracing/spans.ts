import {
  Attributes,
  context,
  Context,
  propagation,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  Tracer,
} from '@opentelemetry/api';

export { SpanKind };

/** Set once by startTracing; while undefined every helper here returns at its first line. */
let tracer: Tracer | undefined;

export function enableSpans(t: Tracer): void {
  tracer = t;
}

/** For tests that switch tracing off again. */
export function disableSpans(): void {
  tracer = undefined;
}

export function tracingEnabled(): boolean {
  return tracer !== undefined;
}

export interface SpanOptions {
  kind: SpanKind;
  /**
   * The W3C traceparent the work continues (from a message, a job, an HTTP header). `undefined` means
   * the active context's span is the parent; `null` starts a new trace.
   */
  parent?: string | null;
  attributes?: Attributes;
}

/**
 * Runs `fn` inside a new span, ended when `fn` (or its promise) settles; a throw marks it as an
 * error. With tracing off this is exactly `fn()`: no span, no context switch, no allocation.
 */
export function inSpan<T>(name: string, options: SpanOptions, fn: () => T): T {
  if (!tracer) return fn();
  const parent = parentContext(options.parent);
  const span = tracer.startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  return context.with(trace.setSpan(parent, span), () => {
    let result: T;
    try {
      result = fn();
    } catch (err) {
      endWithError(span, err);
      throw err;
    }
    if (result instanceof Promise) {
      return result.then(
        (value: unknown) => (span.end(), value),
        (err: unknown) => {
          endWithError(span, err);
          throw err;
        },
      ) as T;
    }
    span.end();
    return result;
  });
}

/**
 * A span started now and ended by the caller (an HTTP request ends in another hook), with the context
 * to run its work in. Undefined with tracing off.
 */
export function openSpan(name: string, options: SpanOptions): { span: Span; context: Context } | undefined {
  if (!tracer) return undefined;
  const parent = parentContext(options.parent);
  const span = tracer.startSpan(name, { kind: options.kind, attributes: options.attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Marks the active span failed with a stable code (errors that return instead of throwing: bus replies). */
export function markActiveSpanFailed(code: string): void {
  if (!tracer) return;
  trace.getActiveSpan()?.setStatus({ code: SpanStatusCode.ERROR, message: code });
}

/** The active span as a W3C traceparent, to write into a message or job; undefined with tracing off. */
export function activeTraceparent(): string | undefined {
  if (!tracer) return undefined;
  const carrier: { traceparent?: string } = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

function parentContext(parent: string | null | undefined): Context {
  if (parent === undefined) return context.active();
  if (parent === null) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent: parent });
}

function endWithError(span: Span, err: unknown): void {
  const code = (err as { code?: unknown })?.code;
  span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === 'string' ? code : (err as Error)?.name });
  span.end();
}
