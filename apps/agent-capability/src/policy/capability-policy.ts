import { CapabilityDecision, CapabilityDenial, CapabilityRisk } from '@portcullis/contracts';
import { ceilingRank, riskRank } from './role-ceiling';

export interface PolicyInput {
  /** As the caller asked, duplicates allowed. */
  requested: readonly string[];
  /** The catalog's risk of a capability; undefined when the catalog does not know it. */
  riskOf: (capability: string) => CapabilityRisk | undefined;
  /** The agent type's allowed set. */
  allowed: ReadonlySet<string>;
  /** The user's roles; the highest one sets the ceiling. */
  roles: readonly string[];
  /** For a delegation: what the parent agent holds. */
  parentScope?: readonly string[];
}

/**
 * granted = requested ∩ the type's allowed set ∩ the role's ceiling ∩ the parent's scope
 * (DESIGN §3), with every refusal's reason. Each capability gets the first reason that applies,
 * in that order, so the answer names the most basic obstacle (an unknown capability is not
 * "above your role").
 *
 * Critical capabilities that pass every rule are not granted but listed in `needsApproval`: a
 * person approves them first. In a delegation the parent's scope holds a critical capability only
 * because a person approved it for the parent, and the child gets at most what the parent holds,
 * so there it is granted: the approval follows the grant down the chain, and never widens.
 */
export function decideCapabilities(input: PolicyInput): CapabilityDecision {
  const ceiling = ceilingRank(input.roles);
  const parent = input.parentScope ? new Set(input.parentScope) : undefined;
  const granted: string[] = [];
  const needsApproval: string[] = [];
  const denied: CapabilityDenial[] = [];
  for (const capability of new Set(input.requested)) {
    const risk = input.riskOf(capability);
    const reason = refusal(capability, risk, input.allowed, ceiling, parent);
    if (reason) denied.push({ capability, reason });
    else if (risk === 'critical' && !parent) needsApproval.push(capability);
    else granted.push(capability);
  }
  return { granted: granted.sort(), needsApproval: needsApproval.sort(), denied };
}

function refusal(
  capability: string,
  risk: CapabilityRisk | undefined,
  allowed: ReadonlySet<string>,
  ceiling: number,
  parent: ReadonlySet<string> | undefined,
): CapabilityDenial['reason'] | undefined {
  if (risk === undefined) return 'unknown_capability';
  if (!allowed.has(capability)) return 'not_in_type';
  if (riskRank(risk) > ceiling) return 'above_role';
  if (parent && !parent.has(capability)) return 'not_in_parent';
  return undefined;
}
