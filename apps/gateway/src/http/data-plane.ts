import { ExceptionFilter, ForbiddenException, Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { andThen, isPromise, MaybePromise } from '@portcullis/common';
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
  const byUrl = new Map<string, AnyDataPlaneRoute>();
  for (const route of routes) for (const url of urlsOf(route, globalPrefix)) byUrl.set(url, route);
  fastify.addHook('onRoute', (options: RouteOptions) => {
    const route = byUrl.get(options.url ?? '');
    if (route) options.handler = dataPlaneHandler(route, parts);
  });
}

function dataPlaneHandler(route: AnyDataPlaneRoute, parts: DataPlaneParts) {
  const method = (route.controller.prototype as Record<string, () => unknown>)[route.method];
  const status = (Reflect.getMetadata(HTTP_CODE_METADATA, method) as number | undefined) ?? 200;
  let instance: object | undefined;
  return (request: FastifyRequest, reply: FastifyReply): void => {
    const context = new ExecutionContextHost([request, reply], route.controller, method);
    const refuse = (err: unknown): void => void parts.filter.catch(err, context);
    try {
      // As Nest's Fastify adapter does: a route parameter must not be empty (`/proxy//items`).
      if (hasEmptyParam(request.params)) return reply.callNotFound();
      const answered = andThen(parts.guard.canActivate(context), (admitted) => {
        if (!admitted) throw new ForbiddenException();
        instance ??= parts.instanceOf(route.controller);
        return andThen(route.run(instance, request, reply), (answer) => {
          if (answer !== undefined && !reply.sent) void reply.status(status).send(answer);
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

/** The URLs Nest registers for a controller method: global prefix, controller path, method path(s). */
export function urlsOf(route: AnyDataPlaneRoute, globalPrefix: string): string[] {
  const method = (route.controller.prototype as Record<string, () => unknown>)[route.method];
  if (Reflect.getMetadata(METHOD_METADATA, method) === undefined)
    throw new Error(`${route.controller.name}.${String(route.method)} is not a route`);
  const base = [globalPrefix, Reflect.getMetadata(PATH_METADATA, route.controller) as string | undefined];
  const own = Reflect.getMetadata(PATH_METADATA, method) as string | string[] | undefined;
  return (Array.isArray(own) ? own : [own]).map(
    (path) =>
      '/' +
      [...base, path]
        .filter((part): part is string => !!part && part !== '/')
        .map((part) => part.replace(/^\/+|\/+$/g, ''))
        .join('/'),
  );
}
