/** One ended agent, and until when a token of it could still be presented. */
export interface EndedAgent {
  /** `agt_<uuid>`. */
  agentId: string;
  /** Epoch seconds. */
  until: number;
}

/**
 * Tells every gateway replica that agents ended, within a second and before their tokens expire
 * (the same push as access-token revocation: no Redis call per request). A gateway refuses a token
 * whose own agent or any ancestor (which the token's `act` chain names) has ended.
 */
export abstract class AgentRevocationNotices {
  abstract ended(agents: EndedAgent[]): Promise<void>;
}
