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

/**
 * The most restrictive state: a refusal with the longest wait, else the fewest remaining (then the
 * longest reset); on a tie, the earlier policy. One pass and no arrays: every limited request of the
 * gateway comes through here.
 */
export function decide(states: RateLimitState[]): RateLimitDecision {
  let binding: RateLimitState | undefined;
  let allowed = true;
  for (const state of states) {
    if (!state.allowed) {
      if (allowed || state.retryAfterSeconds > binding!.retryAfterSeconds) binding = state;
      allowed = false;
    } else if (allowed && (binding === undefined || fewerLeft(state, binding))) binding = state;
  }
  return { allowed, binding: binding!, states };
}

function fewerLeft(a: RateLimitState, b: RateLimitState): boolean {
  return a.remaining < b.remaining || (a.remaining === b.remaining && a.resetSeconds > b.resetSeconds);
}
