import { AgentUserCaller } from '@portcullis/contracts';
import { AgentRecord, agentUuid, isAdmin } from './agent-record';
import { AgentRepository } from './agent.repository';
import { agentNotFound } from './grant-errors';

/** The agent if the caller owns it or is an admin; otherwise 404, so ids of others cannot be probed. */
export async function requireOwnAgent(
  agents: AgentRepository,
  caller: AgentUserCaller,
  publicId: string,
): Promise<AgentRecord> {
  const id = agentUuid(publicId);
  const agent = id ? await agents.find(id) : null;
  if (!agent || (agent.userId !== caller.userId && !isAdmin(caller.roles))) throw agentNotFound();
  return agent;
}
