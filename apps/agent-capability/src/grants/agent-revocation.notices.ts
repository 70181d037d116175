import { epochSeconds } from '../common/clock';
import { AgentRecord, publicAgentId } from './agent-record';

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

/**
 * What gateways must hear of an ended agent: until its newest token could expire, and at least a
 * minute, for a token minted in the same instant as the revocation.
 */
export function endedAgent(agent: Pick<AgentRecord, 'id' | 'expiresAt'>, now: Date): EndedAgent {
  return { agentId: publicAgentId(agent), until: Math.max(epochSeconds(agent.expiresAt), epochSeconds(now) + 60) };
}
