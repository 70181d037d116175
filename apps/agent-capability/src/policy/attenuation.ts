import { AgentSettings } from '../config/agent-settings';

import { Budget } from '@portcullis/security';

export type { Budget };
export type Budgets = Record<string, Budget>;

/** What a grant asks for beyond its capabilities. */
export interface TermsRequest {
  ttlSeconds?: number;
  budgets?: Budgets;
}

export interface GrantTerms {
  ttlSeconds: number;
  depth: number;
  /** Only for capabilities in the grant's scope. */
  budgets: Budgets;
}

/** The parent's grant as it stands at the moment of delegation. */
export interface ParentGrant {
  depth: number;
  /** Seconds until the parent's token expires. */
  remainingSeconds: number;
  /** What is left of each of the parent's budgets now, in uses (from the budget store). */
  remainingUses: Record<string, number>;
}

export type DelegationRefusal = 'depth_exceeded' | 'parent_expired';

/**
 * The `depth` an agent's token carries: the store counts a first-level agent as 0, the token (its
 * `act` nesting) as 1. DESIGN's limit is on the token ("a child token: depth ≤
 * AGENT_MAX_DELEGATION_DEPTH"), so with the default 3 a chain is person → agent → child → grandchild.
 */
export const tokenDepthOf = (storedDepth: number): number => storedDepth + 1;

/** Whether a child of an agent at `parentDepth` (stored) would carry a token deeper than allowed. */
export const childTooDeep = (parentDepth: number, settings: Pick<AgentSettings, 'maxDelegationDepth'>): boolean =>
  tokenDepthOf(parentDepth + 1) > settings.maxDelegationDepth;
export type Attenuated = { ok: true; terms: GrantTerms } | { ok: false; reason: DelegationRefusal };

/** A first-level agent: depth 0, its ttl within the maximum, budgets as asked for the scope it got. */
export function firstLevelTerms(request: TermsRequest, scope: readonly string[], settings: AgentSettings): GrantTerms {
  return {
    ttlSeconds: Math.min(request.ttlSeconds ?? settings.defaultTtlSeconds, settings.maxTtlSeconds),
    depth: 0,
    budgets: budgetsWithin(request.budgets, scope, {}),
  };
}

/**
 * A child never outlives, outnumbers or outspends its parent: ttl ≤ the parent's remaining time
 * (and the maximum), its token's depth ≤ the configured maximum, each budget ≤ what the parent has left
 * of it. Asking for more is clamped rather than refused, as OAuth narrows a scope it cannot
 * grant; only a chain too deep or a parent already expired is refused.
 */
export function delegatedTerms(
  parent: ParentGrant,
  request: TermsRequest,
  scope: readonly string[],
  settings: AgentSettings,
): Attenuated {
  if (childTooDeep(parent.depth, settings)) return { ok: false, reason: 'depth_exceeded' };
  if (parent.remainingSeconds <= 0) return { ok: false, reason: 'parent_expired' };
  const ttlSeconds = Math.min(
    request.ttlSeconds ?? settings.defaultTtlSeconds,
    settings.maxTtlSeconds,
    Math.floor(parent.remainingSeconds),
  );
  if (ttlSeconds <= 0) return { ok: false, reason: 'parent_expired' };
  return {
    ok: true,
    terms: {
      ttlSeconds,
      depth: parent.depth + 1,
      budgets: budgetsWithin(request.budgets, scope, parent.remainingUses),
    },
  };
}

/**
 * The requested budgets of capabilities in `scope`, each limit at most `ceilings[capability]`
 * when the parent has a budget for it. A parent's budget the child does not restate still binds
 * the child: every use counts against every ancestor (see the budget store).
 */
function budgetsWithin(
  requested: Budgets | undefined,
  scope: readonly string[],
  ceilings: Record<string, number>,
): Budgets {
  const budgets: Budgets = {};
  for (const capability of scope) {
    const budget = requested?.[capability];
    if (!budget) continue;
    const ceiling = ceilings[capability];
    budgets[capability] = {
      limit: ceiling === undefined ? budget.limit : Math.max(0, Math.min(budget.limit, ceiling)),
      windowSeconds: budget.windowSeconds,
    };
  }
  return budgets;
}
