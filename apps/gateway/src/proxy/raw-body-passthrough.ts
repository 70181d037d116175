import { FastifyInstance, onRequestHookHandler } from 'fastify';
import { IncomingMessage } from 'http';

/** Stands in for a proxied request's content type while Fastify picks a body parser. */
const PASSTHROUGH_TYPE = 'application/x-portcullis-proxied';
const ORIGINAL_CONTENT_TYPE = Symbol('portcullis.originalContentType');

type Marked = IncomingMessage & { [ORIGINAL_CONTENT_TYPE]?: string | undefined };

/**
 * Proxied bodies are streamed, never parsed or buffered: for requests routed under `prefix`, the
 * content type is swapped (in a hook of those routes alone, before Fastify picks a parser) for one
 * whose parser leaves the body unread, and the proxy pipes `request.raw` to the upstream itself. So
 * BODY_LIMIT_BYTES and the JSON depth check do not apply there; the upstream's own limits do. The
 * route decides, not the raw URL: the router decodes `%70roxy` to `proxy`, and a body parsed there
 * would reach the proxy already read (a 502 the breaker would count, so any caller could open it).
 */
export function passProxiedBodiesThrough(fastify: FastifyInstance, prefix: string): void {
  fastify.addContentTypeParser(PASSTHROUGH_TYPE, (_request, _payload, done) => done(null, undefined));
  // A route hook, not a global one that every other request would run for nothing. Route hooks
  // run after the global onRequest hooks, still well before Fastify picks a parser.
  fastify.addHook('onRoute', (route) => {
    if (route.url.startsWith(prefix)) route.onRequest = [markPassthrough, ...[route.onRequest ?? []].flat()];
  });
}

const markPassthrough: onRequestHookHandler = (request, _reply, done) => {
  const raw = request.raw as Marked;
  raw[ORIGINAL_CONTENT_TYPE] = raw.headers['content-type'];
  raw.headers['content-type'] = PASSTHROUGH_TYPE;
  done();
};

/** The content type the client really sent (undefined when none), for the upstream. */
export function originalContentType(raw: IncomingMessage): string | undefined {
  return ORIGINAL_CONTENT_TYPE in raw ? (raw as Marked)[ORIGINAL_CONTENT_TYPE] : raw.headers['content-type'];
}
