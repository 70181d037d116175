import { QuotaRefill } from './quota-period';

/**
 * Rate limits as data: a named policy says what it counts by (`scope`), how many requests it
 * allows (`limit`) and over how long (`windowSeconds`). A policy with `refill` is a quota instead:
 * `limit` requests per UTC day or month, refilled whole when the period turns (windowSeconds is
 * then only what the headers report).
 */
export type RateLimitScope = 'ip' | 'user' | 'api-key' | 'agent' | 'upstream' | 'global';
export const RATE_LIMIT_SCOPES: readonly RateLimitScope[] = ['ip', 'user', 'api-key', 'agent', 'upstream', 'global'];

export interface RateLimitPolicy {
  readonly name: string;
  readonly scope: RateLimitScope;
  readonly limit: number;
  readonly windowSeconds: number;
  readonly refill?: QuotaRefill;
}

/** One policy applied to one subject (the IP, the user id, …): its counter is `key`. */
export interface RateLimitCheck {
  policy: RateLimitPolicy;
  key: string;
}

/** How one policy stands after a request. */
export interface RateLimitState {
  policy: RateLimitPolicy;
  allowed: boolean;
  /** Requests still allowed right now. */
  remaining: number;
  /** Seconds until the quota is whole again. */
  resetSeconds: number;
  /** Seconds until a refused request may be retried (0 when allowed). */
  retryAfterSeconds: number;
}

/** The answer for a request: allowed only if every policy allows it; `binding` is the most restrictive. */
export interface RateLimitDecision {
  allowed: boolean;
  binding: RateLimitState;
  states: RateLimitState[];
}

/** The most restrictive state: a refusal with the longest wait, else the fewest remaining. */
export function decide(states: RateLimitState[]): RateLimitDecision {
  const refused = states.filter((s) => !s.allowed).sort((a, b) => b.retryAfterSeconds - a.retryAfterSeconds);
  const binding =
    refused[0] ?? [...states].sort((a, b) => a.remaining - b.remaining || b.resetSeconds - a.resetSeconds)[0];
  return { allowed: refused.length === 0, binding, states };
}
