import { RateLimitDecision, RateLimitPolicy } from '@portcullis/security';
import { LRUCache } from 'lru-cache';

/**
 * Client IPs the `ip` tier is refusing, in this replica's memory, until it lets them through again.
 * The guard asks before any credential is checked: a throttled address flooding made-up API keys
 * would otherwise cost a token-app call and a PostgreSQL probe per request before its 429. Answering
 * from here changes nothing a client sees: a request in that window is refused anyway, and a refused
 * request is counted nowhere (the limit script writes nothing then).
 */
export class RefusedIps {
  private readonly refusals = new LRUCache<string, { untilMs: number; decision: RateLimitDecision }>({ max: 10_000 });

  constructor(private readonly now: () => number = Date.now) {}

  /** Keeps a refusal by the `ip` tier (the caller knows which policy that is); an allowed decision is ignored. */
  remember(ip: string, decision: RateLimitDecision): void {
    if (decision.allowed) return;
    this.refusals.set(ip, { untilMs: this.now() + decision.binding.retryAfterSeconds * 1000, decision });
  }

  /**
   * The refusal still standing for `ip`, its wait counted from now; undefined once it has run out,
   * or once the ip tier is no longer the policy that refused it (an admin raised it, or tiers are off).
   */
  standing(ip: string, ipTier: () => RateLimitPolicy | undefined): RateLimitDecision | undefined {
    const known = this.refusals.get(ip);
    if (!known) return undefined;
    const left = Math.ceil((known.untilMs - this.now()) / 1000);
    const refusedBy = known.decision.binding.policy;
    const current = ipTier();
    if (left <= 0 || current?.limit !== refusedBy.limit || current.windowSeconds !== refusedBy.windowSeconds) {
      this.refusals.delete(ip);
      return undefined;
    }
    const binding = { ...known.decision.binding, retryAfterSeconds: left, resetSeconds: left };
    return { ...known.decision, binding };
  }
}
