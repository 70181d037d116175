import { Logger } from '@nestjs/common';
import { inSpan, RequestContext, runWithRequestContext, SpanKind, tracingEnabled } from '@portcullis/common';
import { BusMessage } from './wire-format';

/**
 * Runs a handler inside the context its message carries: the request id, trace, principal and
 * origin the caller had, and for a request its deadline on this pod's clock (an event gets none: it is
 * durable work nobody waits for). With tracing on, the handling is a server (RPC) or consumer (event)
 * span, child of the caller's span.
 */
const logger = new Logger('Bus');

export function runInMessageContext<T>(
  message: BusMessage,
  deadline: number | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  return inContext(message, deadline, () => handledAndLogged(message, fn));
}

/** One debug line per message, inside its context: with LOG_LEVEL=debug a request's path through every app shows. */
async function handledAndLogged<T>(message: BusMessage, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    logger.debug({
      msg: `${message.kind === 'rpc' ? 'handled' : 'consumed'} ${message.pattern}`,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  }
}

function inContext<T>(message: BusMessage, deadline: number | undefined, fn: () => Promise<T>): Promise<T> {
  const context: RequestContext = {
    requestId: message.requestId,
    deadline,
    traceparent: message.traceparent,
    principal: message.principal,
    origin: message.origin,
  };
  if (!tracingEnabled()) return runWithRequestContext(context, fn);
  const rpc = message.kind === 'rpc';
  const attributes = rpc
    ? { 'rpc.system': 'redis-streams', 'rpc.method': message.pattern }
    : { 'messaging.system': 'redis-streams', 'messaging.destination.name': message.pattern };
  return runWithRequestContext(context, () =>
    inSpan(
      `${rpc ? 'handle' : 'consume'} ${message.pattern}`,
      { kind: rpc ? SpanKind.SERVER : SpanKind.CONSUMER, parent: message.traceparent ?? null, attributes },
      fn,
    ),
  );
}
