import compress from '@fastify/compress';
import cors from '@fastify/cors';
import { RequestMethod } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createValidationPipe, currentRequestContext } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DEGRADED_HEADER } from '../api-keys/degraded';
import { GatewayConfig } from '../config/gateway.config';
import { problem, PROBLEM_CONTENT_TYPE } from '../filters/problem';
import { ProblemFilter } from '../filters/problem.filter';
import { soundForwardedFor } from './forwarded-for';
import { frameworkErrorOf } from './framework-errors';
import { registerDepthLimitedJsonParser } from './json-body';
import { cameThroughOpsPort, OPS_ONLY_PATHS, OPS_PATHS } from './ops-port';
import { addRequestDeadlineHook } from './request-deadline.hook';
import { securityHeadersStep } from './security-headers';
import { passProxiedBodiesThrough } from '../proxy/raw-body-passthrough';
import { runOnDataPlane } from './data-plane';
import { DATA_PLANE_ROUTES } from './data-plane-routes';
import { AuthGuard } from '../auth/auth.guard';

const API_PREFIX = 'api/v1';
/** The proxy forwards a body byte for byte, compressed or not: its upstream decides. */
const PROXY_PATH = `/${API_PREFIX}/proxy/`;
/** Where the gateway serves pages rather than API answers (Swagger UI, the queue dashboard). */
const DOCUMENT_PATHS = ['/docs', '/admin/queues'];
/** Routes that stay at the root, outside /api/v1 (probes, scrapers and well-known documents). */
const ROOT_ROUTES = [
  '/',
  'health',
  'health/ready',
  'health/dependencies',
  'metrics',
  '.well-known/jwks.json',
  '.well-known/oauth-authorization-server',
];

/** Everything HTTP-facing the gateway applies before a controller runs. */
export async function configureHttp(app: NestFastifyApplication, config: GatewayConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  app.setGlobalPrefix(API_PREFIX, { exclude: ROOT_ROUTES.map((path) => ({ path, method: RequestMethod.GET })) });
  const problems = new ProblemFilter();
  app.useGlobalFilters(problems);
  app.useGlobalPipes(createValidationPipe());
  registerDepthLimitedJsonParser(app, API_PREFIX);
  passProxiedBodiesThrough(fastify, PROXY_PATH);
  // First of all hooks, so every later hook, guard and handler runs inside the request's context.
  addRequestDeadlineHook(fastify, config.BUS_RPC_TIMEOUT_MS);

  // Callback-style hooks, not async ones: an async hook costs every request a promise (and with
  // the request context's AsyncLocalStorage, a promise hook) for work that never waits. Header
  // names on every answer are in lower case, as Fastify stores them: see setRateLimitHeaders.
  const setSecurityHeaders = securityHeadersStep(DOCUMENT_PATHS);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    setSecurityHeaders(request, reply);
    // First, before anything reads request.ip (rate limits, sessions, audit).
    const forwarded = soundForwardedFor(request.headers['x-forwarded-for']);
    if (forwarded === undefined) delete request.raw.headers['x-forwarded-for'];
    else request.raw.headers['x-forwarded-for'] = forwarded;
    done();
  });
  // Without allowed origins CORS answers nothing (a preflight is a 404 either way), so the plugin is
  // left out rather than run its hook on every request for nothing.
  if (config.CORS_ORIGINS.length) await registerCors(app, config.CORS_ORIGINS);
  // After helmet and CORS, so even these refusals carry the security headers.
  fastify.addHook('onRequest', (request, reply, done) => {
    // A refusal has been sent: Fastify stops the hook chain for a replied request.
    if (!refusal(request, reply, config.ALLOWED_HOSTS)) done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    // RFC 6749 §5.1 and personal data: nothing is cacheable unless its route says so (JWKS does).
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    // A step of the answer used a stale cache (a user view while the user app was unreachable).
    const degraded = currentRequestContext()?.degraded;
    if (degraded) void reply.header(DEGRADED_HEADER, degraded);
    done(null, payload);
  });
  // The proxy's answers go out as the upstream sent them: gzipping them here would break their ranges
  // and ETags, and spend the gateway's CPU on the upstream's downloads. Set before the plugin is
  // registered, whose own onRoute hook reads it (Nest's @RouteConfig does not reach @All routes).
  fastify.addHook('onRoute', (route) => {
    if (route.url.startsWith(PROXY_PATH)) route.config = { ...route.config, compress: false };
  });
  // Responses only: no API takes compressed request bodies (a gzip bomb would be inflated before the
  // body limit could see it), the proxy forwards bodies byte for byte, and it spares every request
  // the decompression hook.
  await app.register(compress, { threshold: 1024, globalDecompression: false });
  // The data-plane routes run without Nest's router; set up before Nest registers its routes (listen).
  runOnDataPlane(fastify, API_PREFIX, DATA_PLANE_ROUTES, {
    guard: app.get(AuthGuard, { strict: false }),
    filter: problems,
    instanceOf: (controller) => app.get(controller, { strict: false }),
  });
}

/** Requests answered before routing: undecodable URLs, the wrong port, a Host not allowed. */
function refusal(request: FastifyRequest, reply: FastifyReply, allowedHosts: string[]): FastifyReply | undefined {
  const refuse = (status: number, code: string, detail: string) =>
    reply
      .status(status)
      .header('Content-Type', PROBLEM_CONTENT_TYPE)
      .send(problem(status, code, detail, String(request.id)));
  const routerError = frameworkErrorOf(request.raw);
  if (routerError)
    return refuse(routerError.statusCode ?? 400, ErrorCode.VALIDATION_FAILED, 'The request URL is not valid');
  // The route matched, not the raw URL: the router decodes `/%6Detrics` to `/metrics`.
  const path = request.routeOptions.url ?? request.url.split('?')[0];
  if (cameThroughOpsPort(request.raw))
    return OPS_PATHS.has(path) ? undefined : refuse(404, ErrorCode.NOT_FOUND, 'Not found');
  if (OPS_ONLY_PATHS.has(path)) return refuse(404, ErrorCode.NOT_FOUND, `Cannot GET ${path}`);
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity' && !path.startsWith(PROXY_PATH))
    return refuse(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Compressed request bodies are not accepted');
  // Load balancers probe /health at the pod IP, so it is exempt from the Host check.
  if (path !== '/health' && !hostAllowed(request.hostname, allowedHosts))
    return refuse(400, ErrorCode.VALIDATION_FAILED, 'Host not allowed');
  return undefined;
}

function hostAllowed(hostname: string, allowed: string[]): boolean {
  if (allowed.includes('*')) return true;
  const host = hostname.replace(/:\d+$/, '').toLowerCase();
  return allowed.some((a) => a.toLowerCase() === host);
}

async function registerCors(app: NestFastifyApplication, origins: string[]): Promise<void> {
  await app.register(cors, {
    origin: origins,
    exposedHeaders: [
      'X-Request-Id',
      'Retry-After',
      'RateLimit-Policy',
      'RateLimit',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
    ],
  });
}
