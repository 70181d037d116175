import { openSpan, runWithRequestContext, SpanKind, tracingEnabled } from '@portcullis/common';
import { context as otelContext, Span, SpanStatusCode } from '@opentelemetry/api';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpRequestContext } from './http-request-context';

const TRACEPARENT = /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/;
const spans = new WeakMap<FastifyRequest, Span>();

/**
 * Opens each HTTP request's context: its id, one deadline `budgetMs` from its arrival, the client's
 * W3C traceparent (if sane) and, once authenticated, the principal. Every bus call the handler makes
 * waits at most what is left of the deadline (so the 504 comes at the deadline, however many calls a
 * route makes), and the whole context travels downstream in each message.
 *
 * A Fastify hook, not a Nest interceptor: the rest of the request (hooks, guards, handler) runs
 * inside `done()`, so it inherits the context, and the gateway has no global interceptor, which
 * spares every request Nest's interceptor chain (an AsyncResource bind per request: it cut the
 * gateway's throughput by half). With tracing on, the request is also the trace's server span;
 * with tracing off that costs one boolean test.
 */
export function addRequestDeadlineHook(fastify: FastifyInstance, budgetMs: number): void {
  if (tracingEnabled()) return addTracedHooks(fastify, budgetMs);
  fastify.addHook('onRequest', (request, _reply, done) => {
    runWithRequestContext(
      new HttpRequestContext(request, String(request.id), Date.now() + budgetMs, clientTraceparent(request)),
      done,
    );
  });
}

function addTracedHooks(fastify: FastifyInstance, budgetMs: number): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const parent = clientTraceparent(request);
    const opened = openSpan(`${request.method} ${request.routeOptions.url ?? 'unmatched'}`, {
      kind: SpanKind.SERVER,
      parent: parent ?? null,
      attributes: {
        'http.request.method': request.method,
        'http.route': request.routeOptions.url ?? '',
        'portcullis.request_id': String(request.id),
      },
    })!;
    spans.set(request, opened.span);
    const ctx = new HttpRequestContext(request, String(request.id), Date.now() + budgetMs, parent);
    runWithRequestContext(ctx, () => otelContext.with(opened.context, done));
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}

function clientTraceparent(request: FastifyRequest): string | undefined {
  const header = request.headers.traceparent;
  return typeof header === 'string' && TRACEPARENT.test(header) ? header : undefined;
}
