import { quotaPeriod } from './quota-period';
import { RateLimitCheck } from './rate-limit-policy';

/** Where a check counts: `<policy>:<subject>`, and for a quota also its period, plus when that ends (0 for a rate). */
export function counterOf({ policy, key }: RateLimitCheck, nowMs: number): { counter: string; periodEndMs: number } {
  if (!policy.refill) return { counter: `${policy.name}:${key}`, periodEndMs: 0 };
  const period = quotaPeriod(policy.refill, nowMs);
  return { counter: `${policy.name}:${key}:${period.id}`, periodEndMs: period.endsAtMs };
}
