import { BudgetOutcome, BudgetStore, BudgetUse } from '@portcullis/security';

/** Counts uses per (agent, capability) with no window (tests never cross one). */
export class InMemoryBudgetStore extends BudgetStore {
  readonly used = new Map<string, number>();

  async consume(use: BudgetUse): Promise<BudgetOutcome> {
    if (use.chain.length === 0) return { allowed: true, remaining: null };
    for (const a of use.chain) {
      if (this.count(a.agentId, use.capability) >= a.budget.limit)
        return { allowed: false, exhaustedAgentId: a.agentId, retryAfterMs: null };
    }
    use.chain.forEach((a) =>
      this.used.set(`${a.agentId}:${use.capability}`, this.count(a.agentId, use.capability) + 1),
    );
    return {
      allowed: true,
      remaining: Math.min(...use.chain.map((a) => a.budget.limit - this.count(a.agentId, use.capability))),
    };
  }

  async remaining(use: BudgetUse): Promise<number | null> {
    if (use.chain.length === 0) return null;
    return Math.min(...use.chain.map((a) => Math.max(0, a.budget.limit - this.count(a.agentId, use.capability))));
  }

  private count(agentId: string, capability: string): number {
    return this.used.get(`${agentId}:${capability}`) ?? 0;
  }
}
