import { RoleName } from '../../user/roles';

/**
 * Why a capability was not granted (DESIGN §3). The policy gives the first four; `budget_exhausted`
 * and `approval_denied` come from use and approval, and `not_granted` from a use of a capability the
 * agent's token does not hold (verify, a proxied route); all travel in the same field.
 */
export const DENIAL_REASONS = [
  'unknown_capability',
  'not_in_type',
  'above_role',
  'not_in_parent',
  'budget_exhausted',
  'approval_denied',
  'not_granted',
] as const;
export type DenialReason = (typeof DENIAL_REASONS)[number];

export interface CapabilityDenial {
  capability: string;
  reason: DenialReason;
}

/**
 * Which of the requested capabilities an agent of `agentType` may have, acting for a user with
 * `roles`, and (for a delegation) under a parent holding `parentScope`.
 */
export interface DecideCapabilitiesRequest {
  agentType: string;
  capabilities: string[];
  roles: RoleName[];
  /** Present for a delegation: the parent agent's granted capabilities. */
  parentScope?: string[];
}

export interface CapabilityDecision {
  /** Granted now, sorted. */
  granted: string[];
  /** Critical capabilities that pass every rule but need a person's approval first, sorted. */
  needsApproval: string[];
  /** Every refused capability with its reason, in request order. */
  denied: CapabilityDenial[];
}
