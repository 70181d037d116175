/** What misuse of a capability could do; decides who may hold it and whether a person must approve. */
export const CAPABILITY_RISKS = ['low', 'medium', 'high', 'critical'] as const;
export type CapabilityRisk = (typeof CAPABILITY_RISKS)[number];

/** A `resource:action` capability, e.g. `git:push`. */
export interface CapabilityView {
  id: string;
  description: string;
  risk: CapabilityRisk;
}

/** A kebab-case agent type and the capabilities an agent of that type may be granted. */
export interface AgentTypeView {
  id: string;
  description: string;
  /** Sorted. */
  capabilities: string[];
}

/**
 * `PUT /agents/types/:id` (super_admin; the gateway checks that). Fields left out stay as they are;
 * `capabilities` replaces the whole allowed set.
 */
export interface UpdateAgentTypeRequest {
  id: string;
  description?: string;
  capabilities?: string[];
}
