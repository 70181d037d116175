/**
 * Agent revocations reach every gateway replica like access-token revocations (revocation.ts): a
 * message on the `agent-revocations` broadcast topic for speed, and the same fact as a Redis key
 * (`agentRevocationKeys.of`, TTL = `until - now`) that a gateway reloads when its subscription
 * (re)connects. Publish the key first, then the message (`publishAgentRevocation` in @portcullis/bus
 * does both). A topic of its own, so a gateway that only knows access-token revocations is never
 * handed a kind it cannot apply.
 *
 * Cascade without lookup: a gateway refuses an agent token when its own agent id or any id of its
 * chain (the token's `act` nesting) is revoked — so revoking one agent ends all its descendants by
 * one message. Ending every agent of a session or user needs no agent message at all: agent tokens
 * carry `sid` and their user, and the ordinary session/user revocations (`revocations` topic) apply
 * to them too.
 */
export interface AgentRevocation {
  kind: 'agent';
  /** Without the `agt_` prefix. */
  agentId: string;
  /**
   * Epoch seconds until which the revocation must be remembered: at least the latest `exp` of any
   * token of this agent or of a descendant (now + AGENT_TOKEN_MAX_TTL_SECONDS is always enough).
   */
  until: number;
}

/**
 * Every revoked agent whose tokens may still be live, read from the agent-capability app's
 * PostgreSQL tables (`agent-capability.listActiveRevocations`): what a gateway loads when it starts
 * or its Redis connection comes back, since Redis may have come back without the keys.
 */
export interface ActiveAgentRevocationsReply {
  revocations: AgentRevocation[];
}

export const AGENT_REVOCATION_TOPIC = 'agent-revocations';

export const agentRevocationKeys = {
  pattern: (prefix: string) => `${prefix}:revoked-agent:*`,
  of: (prefix: string, r: AgentRevocation) => `${prefix}:revoked-agent:${r.agentId}`,
};
