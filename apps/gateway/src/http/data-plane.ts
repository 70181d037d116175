import { ExceptionFilter, ForbiddenException, RequestMethod, Type } from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  PIPES_METADATA,
  REDIRECT_METADATA,
} from '@nestjs/common/constants';
import { FORBIDDEN_MESSAGE } from '@nestjs/core/guards/constants';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { andThen, isPromise, MaybePromise, OncePer } from '@portcullis/common';
import { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

/**
 * A route Nest declares and the data plane runs. The controller stays the route's one description
 * (its path, its guard rule in decorators, its OpenAPI operation); `run` calls its method with what
 * the method takes, straight from the request.
 */
export interface DataPlaneRoute<C extends object> {
  controller: Type<C>;
  method: keyof C & string;
  /** The admitted request's answer, or undefined when the method sent it itself (the proxy). */
  run(controller: C, request: FastifyRequest, reply: FastifyReply): MaybePromise<unknown>;
  /**
   * The method answers objects it keeps and never changes (frozen cached views, replaced when they
   * change): each such answer is turned into JSON once, and every request answered with it sends
   * that text. A user's `/auth/me` answer is the same object for as long as their view is cached.
   */
  reusedAnswers?: boolean;
}

/** A route of any controller, as the registry holds it. */
export type AnyDataPlaneRoute = DataPlaneRoute<object>;

/** Checks a route against its controller's type, then files it with the others. */
export const dataPlaneRoute = <C extends object>(route: DataPlaneRoute<C>): AnyDataPlaneRoute =>
  route as unknown as AnyDataPlaneRoute;

export interface DataPlaneParts {
  /** The global AuthGuard: authentication, limits and RBAC, synchronous when it decides from memory. */
  guard: { canActivate(context: ExecutionContextHost): MaybePromise<boolean> };
  /** The global ProblemFilter. */
  filter: ExceptionFilter;
  /** The controller instances Nest made (`app.get`). */
  instanceOf<C>(controller: Type<C>): C;
}

/**
 * Runs the hottest routes (every proxied call; every agent action a resource server checks) without
 * Nest's router, which spends a chain of async steps on each request (guards, interceptors, pipes,
 * the response handler: about 30 promises, each a run of the request context's promise hook on
 * Node 20). Nest still registers the route; Fastify's onRoute hook swaps its handler for one that
 * does what Nest's would, synchronously when it can: the same global hooks run first (request id
 * and context, security headers, host check), the same AuthGuard admits the request with the
 * controller method's decorators as its rule, the method runs, and the same ProblemFilter answers
 * any refusal. Added before Nest registers its routes (`app.init`).
 */
export function runOnDataPlane(
  fastify: FastifyInstance,
  globalPrefix: string,
  routes: AnyDataPlaneRoute[],
  parts: DataPlaneParts,
): void {
  const expected = routes.flatMap((route) => {
    refuseUnsupportedMetadata(route);
    const method = methodOf(route);
    return urlsOf(route, globalPrefix).map((url) => ({ route, url, method, swapped: false }));
  });
  fastify.addHook('onRoute', (options: RouteOptions) => {
    const methods = [options.method].flat();
    const entry = expected.find(
      (e) => e.url === options.url && (e.method === RequestMethod.ALL || methods.includes(RequestMethod[e.method])),
    );
    if (!entry) return;
    options.handler = dataPlaneHandler(entry.route, entry.method, parts);
    entry.swapped = true;
  });
  // A path Nest spells differently from urlsOf would leave the route on Nest's router, silently.
  fastify.addHook('onReady', (done) => {
    const missed = expected.filter((e) => !e.swapped).map((e) => `${RequestMethod[e.method]} ${e.url}`);
    done(missed.length ? new Error(`Data-plane routes Nest did not register: ${missed.join(', ')}`) : undefined);
  });
}

/** As Fastify labels the JSON it serializes itself. */
const JSON_TYPE = 'application/json; charset=utf-8';

/** A reused answer's JSON (see DataPlaneRoute.reusedAnswers), kept while the answer lives. */
const answerJson = new OncePer<object, string>((answer) => JSON.stringify(answer));

function dataPlaneHandler(route: AnyDataPlaneRoute, method: RequestMethod, parts: DataPlaneParts) {
  const handler = handlerOf(route);
  const status =
    (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
    (method === RequestMethod.POST ? 201 : 200);
  let instance: object | undefined;
  return (request: FastifyRequest, reply: FastifyReply): void => {
    const context = new ExecutionContextHost([request, reply], route.controller, handler);
    const refuse = (err: unknown): void => {
      try {
        parts.filter.catch(err, context);
      } catch (failure) {
        // Nest's router would hand this to Fastify's error handling; so does this, rather than let
        // the rejection go unhandled (which ends the process).
        if (!reply.sent) void reply.send(failure);
      }
    };
    try {
      // As Nest's Fastify adapter does: a route parameter must not be empty (`/proxy//items`).
      if (hasEmptyParam(request.params)) return reply.callNotFound();
      const answered = andThen(parts.guard.canActivate(context), (admitted) => {
        if (!admitted) throw new ForbiddenException(FORBIDDEN_MESSAGE);
        instance ??= parts.instanceOf(route.controller);
        return andThen(route.run(instance, request, reply), (answer) => {
          if (answer === undefined || reply.sent) return;
          if (route.reusedAnswers && typeof answer === 'object' && answer !== null)
            void reply.status(status).header('content-type', JSON_TYPE).send(answerJson.of(answer));
          else void reply.status(status).send(answer);
        });
      });
      if (isPromise(answered)) answered.then(undefined, refuse);
    } catch (err) {
      refuse(err);
    }
  };
}

function hasEmptyParam(params: unknown): boolean {
  for (const [name, value] of Object.entries(params as Record<string, string>))
    if (value === '' && name !== '*') return true;
  return false;
}

const handlerOf = (route: AnyDataPlaneRoute) =>
  (route.controller.prototype as Record<string, () => unknown>)[route.method];

function methodOf(route: AnyDataPlaneRoute): RequestMethod {
  const method = Reflect.getMetadata(METHOD_METADATA, handlerOf(route)) as RequestMethod | undefined;
  if (method === undefined) throw new Error(`${route.controller.name}.${String(route.method)} is not a route`);
  return method;
}

/** What Nest's router would apply and the data plane does not: a route carrying any of it stays off. */
const UNSUPPORTED_METADATA = [
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  EXCEPTION_FILTERS_METADATA,
  HEADERS_METADATA,
  REDIRECT_METADATA,
];

function refuseUnsupportedMetadata(route: AnyDataPlaneRoute): void {
  for (const key of UNSUPPORTED_METADATA)
    for (const target of [handlerOf(route), route.controller])
      if (Reflect.getMetadata(key, target) !== undefined)
        throw new Error(
          `${route.controller.name}.${String(route.method)} has ${key}, which the data plane does not run`,
        );
}

/** The URLs Nest registers for a controller method: global prefix, controller path, method path(s). */
export function urlsOf(route: AnyDataPlaneRoute, globalPrefix: string): string[] {
  const base = [globalPrefix, Reflect.getMetadata(PATH_METADATA, route.controller) as string | undefined];
  const own = Reflect.getMetadata(PATH_METADATA, handlerOf(route)) as string | string[] | undefined;
  return (Array.isArray(own) ? own : [own]).map(
    (path) =>
      '/' +
      [...base, path]
        .filter((part): part is string => !!part && part !== '/')
        .map((part) => part.replace(/^\/+|\/+$/g, ''))
        .join('/'),
  );
}
