import { CanActivate, ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, currentRequestContext } from '@portcullis/common';
import { ErrorCode, Principal } from '@portcullis/contracts';
import { HealthController } from '@portcullis/observability';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { FastifyReply, FastifyRequest } from 'fastify';
import passport from 'passport';
import { AUTH_STRATEGIES } from './authenticate-with.decorator';
import { AuthenticatedRequest } from './current-principal.decorator';
import { IS_PUBLIC } from './public.decorator';
import { AGENT_JWT_STRATEGY, API_KEY_STRATEGY, JWT_STRATEGY, StrategyFailure } from './strategies/strategy-names';
import { announceDegraded } from '../api-keys/degraded';
import { RateLimitGate } from '../rate-limit/rate-limit.gate';
import { PermissionChecker, RouteRequirements } from '../rbac/permission-checker';
import { REQUIRED_CAPABILITIES } from '../rbac/require-capabilities.decorator';
import { REQUIRED_PERMISSIONS } from '../rbac/require-permissions.decorator';

/** Probes and scrapers come from libraries and cannot carry @Public(); they are open by design. */
const OPS_CONTROLLERS: ReadonlySet<unknown> = new Set([HealthController, PrometheusController]);
const BEARER_STRATEGIES: ReadonlySet<string> = new Set([JWT_STRATEGY, AGENT_JWT_STRATEGY]);

/** A route's authentication rule, read from its decorators once. */
interface RouteRule extends RouteRequirements {
  public: boolean;
  strategies: string[];
}

/**
 * Global: every route needs a principal from one of the passport strategies it allows (see
 * @AuthenticateWith) unless marked @Public(), and then what its @RequirePermissions() /
 * @RequireCapabilities() name (403 otherwise). A request no strategy accepts gets 401
 * AUTH_UNAUTHENTICATED with `WWW-Authenticate: Bearer realm="portcullis"`, as before passport.
 *
 * It is also the request's one admission step for rate limits (RateLimitGate), right after
 * authentication: public routes and failed attempts count against the client's IP, so guessing
 * tokens or keys is throttled like anything else, and a caller is limited before RBAC or a handler
 * does any work. One guard, so the order is written here rather than left to module order.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly rules = new WeakMap<object, RouteRule>();

  constructor(
    private readonly reflector: Reflector,
    private readonly permissions: PermissionChecker,
    @Optional() private readonly limits?: RateLimitGate,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (OPS_CONTROLLERS.has(context.getClass())) return true;
    const rule = this.ruleOf(context);
    if (rule.public) {
      await this.limits?.admit(context);
      return true;
    }
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & AuthenticatedRequest>();
    const reply = http.getResponse<FastifyReply>();
    try {
      request.principal = await authenticate(rule.strategies, request, reply);
    } catch (err) {
      void reply.header('WWW-Authenticate', 'Bearer realm="portcullis"');
      await this.limits?.admit(context, true);
      throw err;
    }
    // Every bus call from here on carries who is acting, in its envelope.
    const ambient = currentRequestContext();
    if (ambient) ambient.principal = request.principal;
    announceDegraded(request, reply);
    await this.limits?.admit(context);
    await this.permissions.authorize(request.principal, rule, `${request.method} ${request.routeOptions.url}`);
    return true;
  }

  private ruleOf(context: ExecutionContext): RouteRule {
    const handler = context.getHandler();
    let rule = this.rules.get(handler);
    if (!rule) {
      const targets = [handler, context.getClass()];
      const permissions = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_PERMISSIONS, targets);
      const capabilities = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_CAPABILITIES, targets);
      const strategies =
        this.reflector.getAllAndOverride<string[] | undefined>(AUTH_STRATEGIES, targets) ??
        defaultStrategies(permissions, capabilities);
      rule = {
        public: !!this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets),
        permissions,
        capabilities,
        strategies,
      };
      this.rules.set(handler, rule);
    }
    return rule;
  }
}

function defaultStrategies(permissions: string[] | undefined, capabilities: string[] | undefined): string[] {
  if (capabilities === undefined) return [JWT_STRATEGY, API_KEY_STRATEGY];
  if (permissions === undefined) return [AGENT_JWT_STRATEGY];
  return [JWT_STRATEGY, AGENT_JWT_STRATEGY, API_KEY_STRATEGY];
}

type Middleware = (request: unknown, reply: unknown, next: (err?: unknown) => void) => void;

/** Runs the route's strategies through passport (first success wins, an error ends it). */
function authenticate(strategies: string[], request: FastifyRequest, reply: FastifyReply): Promise<Principal> {
  return new Promise<Principal>((resolve, reject) => {
    const done = (err: unknown, principal: Principal | false, info: unknown) => {
      if (err) reject(err instanceof Error ? err : new Error('Authentication failed'));
      else if (principal) resolve(principal);
      else
        reject(
          unauthenticated(strategies, (Array.isArray(info) ? info : [info]) as Array<StrategyFailure | undefined>),
        );
    };
    const middleware = passport.authenticate(strategies, { session: false }, done) as Middleware;
    // Only reached if a strategy redirects or passes, which ours never do: treat as unauthenticated.
    middleware(request, reply, (err?: unknown) => reject(err instanceof Error ? err : unauthenticated(strategies, [])));
  });
}

/** The most telling reason no strategy took the request: a token of the wrong kind, else a missing credential. */
function unauthenticated(strategies: string[], failures: Array<StrategyFailure | undefined>): Error {
  const wrongKind = failures.find((f) => f?.reason === 'wrong-kind');
  if (wrongKind?.reason === 'wrong-kind') return wrongKind.error;
  const detail = strategies.some((s) => BEARER_STRATEGIES.has(s))
    ? 'A Bearer access token is required'
    : 'An X-API-Key header is required';
  return new AppError(ErrorCode.AUTH_UNAUTHENTICATED, detail);
}
