import { ErrorCode } from '@portcullis/contracts';
import { AsyncLocalStorage } from 'async_hooks';
import { AppError } from '../errors/app-error';

/**
 * What travels with one request through every hop without being threaded through DTOs: the
 * gateway opens it per HTTP request, the bus client writes it into each message's envelope, and
 * the bus server restores it around the handler, so a nested call sees the caller's deadline.
 */
export interface RequestContext {
  requestId?: string;
  /** Local epoch ms after which nobody is waiting for the answer any more. */
  deadline?: number;
  /** W3C trace context of the caller, passed on even when this process records no spans itself. */
  traceparent?: string;
  /**
   * Who is acting, as the gateway authenticated them. Opaque here (the contracts own its shape); it
   * crosses the bus as JSON, so a service reads it instead of receiving it in every payload.
   */
  principal?: unknown;
  /** Where the request came from (client IP, user agent), for audit records and events. */
  origin?: RequestOrigin;
  /**
   * Set when the answer rests on a stale cache because a dependency could not be reached; the
   * gateway then answers `X-Portcullis-Degraded` with it. Never crosses the bus.
   */
  degraded?: 'stale-cache';
}

export interface RequestOrigin {
  ip?: string;
  userAgent?: string;
}

/** What an origin's fields may hold: a user agent is cut here, and no IP (v6 included) is longer. */
export const USER_AGENT_MAX = 512;
const IP_MAX = 45;

/**
 * An origin as something from outside the process says it (a bus message's header): only string
 * fields of sane length are kept, so whoever reads it (sessions, audit, lockout) stores what the
 * gateway would have sent. Undefined when nothing is left.
 */
export function originFrom(value: unknown): RequestOrigin | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { ip, userAgent } = value as Record<string, unknown>;
  const origin: RequestOrigin = {};
  if (typeof ip === 'string' && ip.length > 0 && ip.length <= IP_MAX) origin.ip = ip;
  if (typeof userAgent === 'string' && userAgent.length > 0) origin.userAgent = userAgent.slice(0, USER_AGENT_MAX);
  return origin.ip === undefined && origin.userAgent === undefined ? undefined : origin;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `context` as the ambient request context (replacing any outer one). */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/**
 * Runs `fn` outside any request context: for long-lived things (connections, timers, subscribers)
 * created lazily during a request, which would otherwise carry that request's deadline forever.
 */
export function runOutsideRequestContext<T>(fn: () => T): T {
  return storage.exit(fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * The request's origin as events record it (`meta`): request id, client IP and user agent; undefined
 * outside a request (timers, relays without a stored context).
 */
export function currentRequestMeta(): { ip?: string; userAgent?: string; requestId?: string } | undefined {
  const ctx = storage.getStore();
  if (!ctx?.requestId && !ctx?.origin) return undefined;
  return { ip: ctx.origin?.ip, userAgent: ctx.origin?.userAgent, requestId: ctx.requestId };
}

/**
 * Where the ambient request came from (client IP, user agent); empty outside a request. What a use
 * case reads instead of an `ip` in its payload: the gateway set it, the bus carried it.
 */
export function currentOrigin(): RequestOrigin {
  return storage.getStore()?.origin ?? {};
}

/** The ambient request's answer rests on a stale cache (see RequestContext.degraded); a no-op outside a request. */
export function markAnswerDegraded(): void {
  const ctx = storage.getStore();
  if (ctx) ctx.degraded = 'stale-cache';
}

/** Ms left before the ambient deadline; undefined when no deadline applies (events, timers). */
export function remainingBudgetMs(now = Date.now()): number | undefined {
  const deadline = storage.getStore()?.deadline;
  return deadline === undefined ? undefined : deadline - now;
}

/** The caller has given up: work started now would finish for nobody (and might surprise a retry). */
export class DeadlineExceededError extends AppError {
  constructor(what: string) {
    super(ErrorCode.BUS_DEADLINE_EXCEEDED, `The request's deadline passed before ${what}`, { what });
  }
}

/** Throws when the ambient deadline has passed; a use case calls it before a step with effects. */
export function throwIfDeadlinePassed(what: string, now = Date.now()): void {
  const left = remainingBudgetMs(now);
  if (left !== undefined && left <= 0) throw new DeadlineExceededError(what);
}
