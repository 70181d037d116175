import { CanActivate, ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { andThen, AppError, currentRequestContext, isPromise, MaybePromise } from '@portcullis/common';
import { ErrorCode, Principal } from '@portcullis/contracts';
import { HealthController } from '@portcullis/observability';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { FastifyReply, FastifyRequest } from 'fastify';
import passport from 'passport';
import { AUTH_STRATEGIES } from './authenticate-with.decorator';
import { AuthenticatedRequest } from './current-principal.decorator';
import { IS_PUBLIC } from './public.decorator';
import { AGENT_JWT_STRATEGY, API_KEY_STRATEGY, JWT_STRATEGY, StrategyFailure } from './strategies/strategy-names';
import { refuseKeyInQuery } from '../api-keys/presented-api-key';
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
  /** The route accepts API keys: a key in its URL is refused whichever credential comes with it. */
  takesKeys: boolean;
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
 *
 * Each step answers synchronously when it can decide from memory (a cached token or key, a cached
 * user view, no limit or none needing Redis), and so does the guard: Nest then awaits nothing. On
 * Node 20 every promise of a request also runs the request context's promise hook, and this path is
 * taken by every request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly rules = new WeakMap<object, RouteRule>();

  constructor(
    private readonly reflector: Reflector,
    private readonly permissions: PermissionChecker,
    @Optional() private readonly limits?: RateLimitGate,
  ) {}

  canActivate(context: ExecutionContext): MaybePromise<boolean> {
    if (OPS_CONTROLLERS.has(context.getClass())) return true;
    const rule = this.ruleOf(context);
    if (rule.public) return andThen(this.limits?.admit(context), () => true);
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & AuthenticatedRequest>();
    const reply = http.getResponse<FastifyReply>();
    // A client the ip tier is refusing gets its 429 before any credential is checked: a flood of
    // made-up keys would otherwise cost a token-app call each.
    this.limits?.refuseKnownIp(request, reply);
    let principal: MaybePromise<Principal>;
    try {
      if (rule.takesKeys) refuseKeyInQuery(request);
      principal = authenticate(rule.strategies, request, reply);
    } catch (err) {
      return this.refuse(context, reply, err);
    }
    if (isPromise(principal))
      return principal.then(
        (p) => this.admit(context, rule, request, p),
        (err: unknown) => this.refuse(context, reply, err),
      );
    return this.admit(context, rule, request, principal);
  }

  /** No strategy took the request: it is counted against the client's IP, then refused (401). */
  private refuse(context: ExecutionContext, reply: FastifyReply, err: unknown): MaybePromise<never> {
    void reply.header('WWW-Authenticate', 'Bearer realm="portcullis"');
    return andThen(this.limits?.admit(context, true), () => {
      throw err;
    });
  }

  private admit(
    context: ExecutionContext,
    rule: RouteRule,
    request: FastifyRequest & AuthenticatedRequest,
    principal: Principal,
  ): MaybePromise<boolean> {
    request.principal = principal;
    // Every bus call from here on carries who is acting, in its envelope.
    const ambient = currentRequestContext();
    if (ambient) ambient.principal = principal;
    return andThen(this.limits?.admit(context), () =>
      andThen(this.permissions.authorize(principal, rule, `${request.method} ${request.routeOptions.url}`), () => true),
    );
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
        takesKeys: strategies.includes(API_KEY_STRATEGY),
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

type Outcome = { principal: Principal } | { error: Error };

/**
 * Runs the route's strategies through passport (first success wins, an error ends it). When they
 * answer synchronously, so does this (a principal, or a throw); otherwise a promise. The first
 * outcome counts, as a promise's first settlement would.
 */
function authenticate(strategies: string[], request: FastifyRequest, reply: FastifyReply): MaybePromise<Principal> {
  let outcome: Outcome | undefined;
  let deliver: ((outcome: Outcome) => void) | undefined;
  const settle = (settled: Outcome) => {
    if (outcome) return;
    outcome = settled;
    deliver?.(settled);
  };
  const done = (err: unknown, principal: Principal | false, info: unknown) => {
    if (err) settle({ error: err instanceof Error ? err : new Error('Authentication failed') });
    else if (principal) settle({ principal });
    else
      settle({
        error: unauthenticated(strategies, (Array.isArray(info) ? info : [info]) as Array<StrategyFailure | undefined>),
      });
  };
  const middleware = passport.authenticate(strategies, { session: false }, done) as Middleware;
  // Only reached if a strategy redirects or passes, which ours never do: treat as unauthenticated.
  middleware(request, reply, (err?: unknown) =>
    settle({ error: err instanceof Error ? err : unauthenticated(strategies, []) }),
  );
  if (outcome) return principalOf(outcome);
  return new Promise<Principal>((resolve, reject) => {
    deliver = (settled) => ('principal' in settled ? resolve(settled.principal) : reject(settled.error));
  });
}

function principalOf(outcome: Outcome): Principal {
  if ('principal' in outcome) return outcome.principal;
  throw outcome.error;
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
