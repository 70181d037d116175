/**
 * Rate limits as data: a named policy says what it counts by (`scope`), how many requests it
 * allows (`limit`) and over how long (`windowSeconds`). The keys-and-limits work adds scopes (user,
 * API key, agent, upstream, global) and loads policies from the security app; the check below takes
 * any list of them.
 */
export type RateLimitScope = 'ip' | 'user' | 'api-key' | 'agent' | 'upstream' | 'global';

export interface RateLimitPolicy {
  readonly name: string;
  readonly scope: RateLimitScope;
  readonly limit: number;
  readonly windowSeconds: number;
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
  const binding = refused[0] ?? [...states].sort((a, b) => a.remaining - b.remaining || b.resetSeconds - a.resetSeconds)[0];
  return { allowed: refused.length === 0, binding, states };
}
