import { rpc } from '../common/rpc-definition';
import { ActorClaim } from './agent-token-claims';

/** What an agent token holds (agent-token-claims.ts), as the agent-capability app asks the token app to sign it. */
export interface SignAgentTokenRequest {
  /** `agt_<uuid>`. */
  agentId: string;
  userId: string;
  sessionId: string;
  agentType: string;
  scope: string[];
  /** 1 for an agent a person started, +1 per delegation. */
  depth: number;
  act: ActorClaim;
  /** Epoch seconds; the token never outlives it (nor one hour). */
  expiresAt: number;
}

export interface SignAgentTokenReply {
  token: string;
  jti: string;
  expiresAt: number;
}

export const AgentTokenPatterns = {
  /** VALIDATION_FAILED for a malformed request. Only the agent-capability app calls it. */
  sign: rpc<SignAgentTokenRequest, SignAgentTokenReply>('token.signAgentToken'),
};
