import { rpc } from '../common/rpc-definition';

/**
 * Mints an agent token (claims: libs/contracts agents/agent-token-claims.ts) with the token app's
 * active key. The caller (the agent-capability app) has already decided the grant; the token app
 * only checks the shape and signs. `depth` is `chain.length + 1`; `act` is built from `userId` and
 * `chain`. VALIDATION_FAILED (details.field) for a malformed field.
 */
export interface SignAgentTokenRequest {
  /** Without the `agt_` prefix; letters, digits, `-`, at most 64. */
  agentId: string;
  /** UUID of the person the chain acts for. */
  userId: string;
  /** UUID of the user session the chain descends from (`sid`). */
  sessionId: string;
  /** Kebab-case catalog id, e.g. `code-reviewer`. */
  agentType: string;
  /** `resource:action` each, signed as the space-separated `scope`. */
  capabilities: string[];
  /** Ancestor agent ids, root first; empty for an agent a user started. */
  chain: string[];
  /** Default and ceiling: AGENT_TOKEN_MAX_TTL_SECONDS (1 h). */
  ttlSeconds?: number;
  /** Epoch seconds the token must not outlive (a delegation passes the parent's `exp`); must be in the future. */
  notAfter?: number;
}

export interface SignAgentTokenReply {
  agentToken: string;
  jti: string;
  expiresIn: number;
  /** Epoch seconds. */
  expiresAt: number;
}

export const AgentTokenPatterns = {
  sign: rpc<SignAgentTokenRequest, SignAgentTokenReply>('token.agents.sign'),
};
