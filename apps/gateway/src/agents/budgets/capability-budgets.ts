import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { currentOrigin, currentRequestContext, DeadlineExceededError, remainingBudgetMs } from '@portcullis/common';
import { AgentPatterns, AgentUseRecord, AgentUsesJob } from '@portcullis/contracts';
import { withTimeout } from '@portcullis/observability';
import { GroupCommit, QueueName } from '@portcullis/queue';
import { BudgetChain, BudgetStore, budgetUse } from '@portcullis/security';
import { Queue } from 'bullmq';
import { LRUCache } from 'lru-cache';

export const AGENT_USES_JOB = 'agent-uses';
/** How long a use waits to be put on record outside a request's deadline (the queue's connection never gives up by itself). */
const RECORD_TIMEOUT_MS = 5000;

/** What one use of a capability came to. */
export interface CapabilityUse {
  allowed: boolean;
  /** `granted`, `budget_exhausted`, or `revoked` (the agent is gone). */
  reason: 'granted' | 'budget_exhausted' | 'revoked';
  /** The fewest uses left along the chain after this one; null when nothing in the chain budgets it. */
  remaining: number | null;
  /** Only when exhausted and it frees up again. */
  retryAfterSeconds?: number;
}

/**
 * One use of a capability by a verified agent (`POST /agents/verify` with `consume`, the proxy),
 * counted where it is used (DESIGN §3 "Budgets"): against the agent's budget and every ancestor's
 * in one atomic EVALSHA. The chain's budgets come from the agent-capability app once per agent (a
 * grant never changes; revocation is the verifier's in-memory check). The use then goes into the
 * agent's decision log through queue `agent-uses`, batched across concurrent requests, and the
 * answer waits for it: nothing is acknowledged that is not on record.
 */
@Injectable()
export class CapabilityBudgets {
  /** An agent token lives at most an hour, so its chain is not needed for longer. */
  private readonly chains = new LRUCache<string, BudgetChain>({ max: 10_000, ttl: 3_600_000 });
  private readonly journal: GroupCommit<AgentUseRecord>;
  private readonly logger = new Logger('CapabilityBudgets');

  constructor(
    private readonly bus: BusClient,
    private readonly store: BudgetStore,
    @InjectQueue(QueueName.AgentUses) queue: Queue<AgentUsesJob>,
  ) {
    this.journal = new GroupCommit(async (uses) => {
      await queue.add(
        AGENT_USES_JOB,
        { uses },
        { attempts: 10, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000 },
      );
    });
  }

  /** `agentId` without the `agt_` prefix, as the verified principal carries it. */
  async consume(agentId: string, capability: string): Promise<CapabilityUse> {
    const chain = await this.chainOf(agentId);
    if (!chain) return { allowed: false, reason: 'revoked', remaining: null };
    const outcome = await this.store.consume(budgetUse(chain, capability));
    const at = new Date().toISOString();
    if (outcome.allowed) {
      await this.putOnRecord({ agentId, capability, allowed: true, at });
      return { allowed: true, reason: 'granted', remaining: outcome.remaining };
    }
    // A refusal sends agent.budget.exhausted: it says where the request came from, as every event does.
    const { ip, userAgent } = currentOrigin();
    const requestId = currentRequestContext()?.requestId;
    await this.putOnRecord({
      agentId,
      capability,
      allowed: false,
      exhaustedAgentId: outcome.exhaustedAgentId,
      at,
      ...(requestId && { requestId }),
      ...(ip && { ip }),
      ...(userAgent && { userAgent }),
    });
    return {
      allowed: false,
      reason: 'budget_exhausted',
      remaining: 0,
      ...(outcome.retryAfterMs !== null && { retryAfterSeconds: Math.ceil(outcome.retryAfterMs / 1000) }),
    };
  }

  /**
   * A capability the agent's token does not hold, asked for at verify or a proxied route: a
   * `not_granted` denial in the agent's decision log (with its `agent.capability.denied` event),
   * through the same batched queue as uses. The refusal does not wait for it (nothing was spent,
   * and verify answers from memory); a batch that cannot be queued is logged and lost.
   */
  recordDenial(agentId: string, capability: string): void {
    const { ip, userAgent } = currentOrigin();
    const requestId = currentRequestContext()?.requestId;
    this.journal
      .add({
        agentId,
        capability,
        allowed: false,
        reason: 'not_granted',
        at: new Date().toISOString(),
        ...(requestId && { requestId }),
        ...(ip && { ip }),
        ...(userAgent && { userAgent }),
      })
      .catch((err: Error) => this.logger.warn({ msg: 'agent denial not put on record', agentId, err: err.message }));
  }

  /**
   * Waits for the use's batch to be queued, but no longer than the request's deadline: BullMQ's
   * connection retries for ever while Redis is away. A use counted but not on record is a 504 for
   * the caller, never an answer that it went through.
   */
  private putOnRecord(use: AgentUseRecord): Promise<void> {
    return withTimeout(
      this.journal.add(use),
      Math.max(0, remainingBudgetMs() ?? RECORD_TIMEOUT_MS),
      () => new DeadlineExceededError('the use was put on record'),
    );
  }

  private async chainOf(agentId: string): Promise<BudgetChain | null> {
    const cached = this.chains.get(agentId);
    if (cached) return cached;
    const chain = await this.bus.call(AgentPatterns.budgetChain, { agentId: `agt_${agentId}` });
    if (chain) this.chains.set(agentId, chain);
    return chain;
  }
}
