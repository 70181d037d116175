import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { andThen, AppError, isPromise, MaybePromise } from '@portcullis/common';
import { ErrorCode, Principal } from '@portcullis/contracts';
import { FastifyReply, FastifyRequest } from 'fastify';
import { ApiRecord, ApiRoute } from '../apis/api-record';
import { apiNotFound } from '../apis/api-errors';
import { ApiRegistry } from '../apis/api-registry';
import { upstreamAuthHeader } from '../apis/auth-config';
import { RateLimitEnforcer } from '../rate-limit/rate-limit-enforcer';
import { UsageRecorder } from '../usage/usage-recorder';
import { requestHeadersForUpstream, responseHeadersForClient } from './forward-headers';
import { sendWatchingCaller, statusOfEndedUpload, UploadStalled, watchUploadProgress } from './caller-departure';
import { callerOf, ProxyAccess } from './proxy-access';
import { originalContentType } from './raw-body-passthrough';
import { UpstreamAnswer } from './upstream-answer';
import { matchRoute } from './route-match';
import { traceparentFor } from './traceparent';
import { breakerKeyOf, CallerFault, FailedAnswer, isOpenBreakerError, UpstreamBreakers } from './upstream-breakers';
import { callerBrokeOff, callerStalled, upstreamFailure, upstreamUnavailable } from './upstream-errors';
import { safeTail, splitProxyTarget, upstreamPathOf } from './upstream-path';
import { UpstreamPools } from './upstream-pools';

export const PROXY_SETTINGS = Symbol('PROXY_SETTINGS');
export interface ProxySettings {
  /** The public path in front of `:apiId`, e.g. `/api/v1/proxy/`. */
  prefix: string;
  defaultTimeoutMs: number;
  breakerResetMs: number;
}

const BODYLESS = new Set(['GET', 'HEAD']);

/** A request the caller may make: its API and route, and the upstream path. */
interface Admitted {
  api: ApiRecord;
  route: ApiRoute | undefined;
  path: string;
}
/**
 * ANY /proxy/:apiId/* (DESIGN §3): access and route checks, the API's rate limit, then the request
 * streamed to the upstream through its breaker and pool, and the answer streamed back. Nothing is
 * buffered in either direction; usage is handed to the recorder when the response is done.
 */
@Injectable()
export class ProxyService implements OnApplicationShutdown {
  private readonly logger = new Logger('Proxy');

  constructor(
    private readonly registry: ApiRegistry,
    private readonly access: ProxyAccess,
    private readonly limits: RateLimitEnforcer,
    private readonly pools: UpstreamPools,
    private readonly breakers: UpstreamBreakers,
    private readonly usage: UsageRecorder,
    @Inject(PROXY_SETTINGS) private readonly settings: ProxySettings,
  ) {}

  /**
   * Everything before the upstream call decides from memory when the API's definition, the caller's
   * view and the limits are at hand, and then makes no promise (each one costs every request the
   * request context's promise hook): a step that must wait (a definition or view not cached yet, a
   * Redis limit or budget) is chained on, and only the relay itself is async.
   *
   * The order: may this caller use this API and route, an agent's budget included (a refusal still
   * counts against the caller's own limits, never the API's); then every limit in one Redis step,
   * the caller's and the API's; then the upstream. The budget comes before the limits: a call then
   * refused 429 has spent one unit of it, but an agent past its budget cannot use up the API's
   * shared limit for the owner's other callers.
   */
  forward(apiId: string, principal: Principal, request: FastifyRequest, reply: FastifyReply): MaybePromise<void> {
    const started = performance.now();
    const admitted = this.countedIfRefused(request, reply, () =>
      andThen(this.registry.forProxy(apiId), (api) => this.admit(api, principal, request)),
    );
    return andThen(admitted, ({ api, route, path }) => {
      const limited = this.limits.enforce(request, reply, { upstream: { id: api.id, rateLimit: api.rateLimit } });
      return andThen(limited, () =>
        this.relay(api, `${request.method} ${route?.path ?? '*'}`, principal, request, reply, path, started),
      );
    });
  }

  /** The API, the path and the caller's access (an agent's budget spent), or the refusal (404, 400, 403). */
  private admit(api: ApiRecord | null, principal: Principal, request: FastifyRequest): MaybePromise<Admitted> {
    if (!api) throw apiNotFound();
    const { tail: rawTail, query } = splitProxyTarget(request.raw.url ?? '', this.settings.prefix.length);
    // Normalised (or refused) before anything matches on it; a refusal (of the path or the method)
    // only to whoever may use the API, or it would tell a stranger that the id exists.
    let tail: string;
    try {
      refuseMethodTricks(request);
      tail = safeTail(rawTail);
    } catch (err) {
      return andThen(this.access.owned(principal, api), () => {
        throw err;
      });
    }
    const route = matchRoute(api.routes, request.method, tail || '/');
    return andThen(this.access.assert(principal, api, route), () => {
      if (api.routes.length && !route)
        throw new AppError(ErrorCode.NOT_FOUND, `${request.method} ${tail || '/'} is not a route of this API`);
      return { api, route, path: upstreamPathOf(this.registry.targetOf(api).basePath, tail, query) };
    });
  }

  /**
   * A refused request counts against the caller's own limits, then fails as it was refused (or 429),
   * so probing API ids and routes is throttled like anything else. Never against the API's limit:
   * a stranger's 404s must not spend the owner's upstream budget.
   */
  private countedIfRefused<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    attempt: () => MaybePromise<T>,
  ): MaybePromise<T> {
    const refused = (err: unknown): MaybePromise<never> =>
      andThen(this.limits.enforce(request, reply, {}), () => {
        throw err;
      });
    let result: MaybePromise<T>;
    try {
      result = attempt();
    } catch (err) {
      return refused(err);
    }
    return isPromise(result) ? result.catch(refused) : result;
  }

  /** The request to the upstream and its answer back; usage is handed to the recorder when the response is done. */
  private async relay(
    api: ApiRecord,
    route: string,
    principal: Principal,
    request: FastifyRequest,
    reply: FastifyReply,
    path: string,
    started: number,
  ): Promise<void> {
    reply.raw.once('close', () =>
      this.usage.record({
        apiId: api.id,
        at: Date.now() - Math.round(performance.now() - started),
        route,
        caller: callerOf(principal),
        // Without an answer sent, Node's statusCode is its default 200: an upload the gateway ended is
        // its 408 or 504, a caller gone on its own a 499 (as nginx logs it).
        status: reply.raw.headersSent
          ? reply.raw.statusCode
          : (statusOfEndedUpload(request.raw) ?? CLIENT_CLOSED_REQUEST),
        latencyMs: performance.now() - started,
      }),
    );
    const answer = await this.call(api, request, path);
    reply.status(answer.statusCode).headers(responseHeadersForClient(answer.headers));
    const { body } = answer;
    if (!Buffer.isBuffer(body))
      body.on('error', (err: Error & { code?: string }) =>
        this.logger.warn({ msg: 'upstream body broke off', apiId: api.id, code: err.code }),
      );
    return reply.send(body);
  }

  onApplicationShutdown(): Promise<void> {
    this.breakers.shutdown();
    return this.pools.close();
  }

  /** The upstream's answer: a small one read whole (a break in it is a 502), a larger one as a stream. */
  private async call(api: ApiRecord, request: FastifyRequest, path: string): Promise<UpstreamAnswer> {
    const timeoutMs = api.timeoutMs ?? this.settings.defaultTimeoutMs;
    const { origin } = this.registry.targetOf(api);
    const hasBody =
      !BODYLESS.has(request.method) &&
      (request.headers['transfer-encoding'] !== undefined || (request.headers['content-length'] ?? '0') !== '0');
    const headers = requestHeadersForUpstream(
      { ...request.raw.headers, 'content-type': originalContentType(request.raw) },
      {
        clientIp: request.ip,
        proto: request.protocol,
        host: request.headers.host,
        requestId: String(request.id),
        traceparent: traceparentFor(request.headers.traceparent),
        auth: upstreamAuthHeader(api.authType, api.authConfigPublic, this.registry.openSecrets(api)),
      },
    );
    const send = () =>
      sendWatchingCaller(this.pools.poolFor(api.id, origin, timeoutMs), {
        path,
        method: request.method,
        headers,
        body: hasBody ? request.raw : null,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
    // Between bytes of the upload, as long as the upstream may take to answer.
    const upload = hasBody ? watchUploadProgress(request.raw, timeoutMs) : undefined;
    try {
      return await this.breakers.run(breakerKeyOf(api.id), send);
    } catch (err) {
      if (err instanceof FailedAnswer) return err.answer as UpstreamAnswer;
      if (err instanceof CallerFault)
        throw err.cause instanceof UploadStalled ? callerStalled(err.cause.idleMs) : callerBrokeOff();
      if (isOpenBreakerError(err)) throw upstreamUnavailable(Math.ceil(this.settings.breakerResetMs / 1000));
      throw upstreamFailure(err, timeoutMs);
    } finally {
      upload?.stop();
    }
  }
}

/**
 * TRACE makes an upstream that answers it echo the request, the upstream credential the gateway
 * added included; CONNECT asks for a tunnel. Neither is an API call.
 */
const REFUSED_METHODS = new Set(['TRACE', 'CONNECT']);
/** Headers by which frameworks (Express's method-override, Symfony, Laravel) serve another method than the one sent. */
const METHOD_OVERRIDES = ['x-http-method-override', 'x-http-method', 'x-method-override'];

/**
 * The route is checked for the request's own method, so the upstream must serve that method: a
 * POST route's permission must not let a caller reach the DELETE handler through an override header.
 */
function refuseMethodTricks(request: FastifyRequest): void {
  if (REFUSED_METHODS.has(request.method))
    throw new AppError(ErrorCode.METHOD_NOT_ALLOWED, `${request.method} is not proxied`);
  for (const header of METHOD_OVERRIDES)
    if (request.headers[header] !== undefined)
      throw new AppError(ErrorCode.VALIDATION_FAILED, `${header} is not forwarded: send the method itself`, {
        errors: [{ field: header, messages: [`${header} is not forwarded: send the method itself`] }],
      });
}

/** Usage's status for a request whose caller left before the gateway answered (nginx's 499). */
const CLIENT_CLOSED_REQUEST = 499;
