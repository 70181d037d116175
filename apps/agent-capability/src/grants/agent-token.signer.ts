import { ActClaim } from '../policy/act-claim';

/** What an agent token says (DESIGN §3 "Agents": `typ: agent+jwt`, `sub` agt_<id>, `act`, `depth`, `sid`, `scope`). */
export interface AgentTokenSpec {
  /** `agt_<uuid>`. */
  agentId: string;
  userId: string;
  sessionId: string;
  agentType: string;
  scope: string[];
  /** 1 for an agent a person started, +1 per delegation (`act` nesting levels). */
  depth: number;
  act: ActClaim;
  /** Epoch seconds; the signer never goes past it. */
  expiresAt: number;
}

export interface SignedAgentToken {
  token: string;
  jti: string;
  /** Epoch seconds, as signed. */
  expiresAt: number;
}

/** Signs agent tokens (the token app holds the keys; this app never does). */
export abstract class AgentTokenSigner {
  abstract sign(spec: AgentTokenSpec): Promise<SignedAgentToken>;
}
