import { Injectable } from '@nestjs/common';
import { AgentNode, ListAgentsRequest } from '@portcullis/contracts';
import { Clock } from '../common/clock';
import { AgentRecord, isAdmin, publicAgentId } from './agent-record';
import { AgentRepository } from './agent.repository';
import { isUuid, parseCaller } from './grant-input';
import { validationFailed } from '../catalog/catalog-errors';
import { tokenDepthOf } from '../policy/attenuation';

/** `GET /agents`: the caller's live agents as trees (an admin may ask for another user's with `userId`). */
@Injectable()
export class ListAgentsUseCase {
  constructor(
    private readonly agents: AgentRepository,
    private readonly clock: Clock,
  ) {}

  async execute(request: ListAgentsRequest): Promise<AgentNode[]> {
    const caller = parseCaller(request?.caller);
    let userId = caller.userId;
    if (request.userId !== undefined && request.userId !== caller.userId) {
      if (!isUuid(request.userId)) throw validationFailed([{ field: 'userId', messages: ['userId must be a uuid'] }]);
      // Someone else's agents are an admin's business only; for others the filter is simply their own.
      if (isAdmin(caller.roles)) userId = request.userId;
    }
    return asTrees(await this.agents.listLive(userId, this.clock.now()));
  }
}

/** Live agents into trees; a live child of a dead parent cannot exist (revocation cascades), but would be a root. */
export function asTrees(records: AgentRecord[]): AgentNode[] {
  const nodes = new Map<string, AgentNode>();
  for (const r of records) {
    nodes.set(r.id, {
      agentId: publicAgentId(r),
      agentType: r.agentType,
      name: r.name,
      capabilities: r.capabilities,
      budgets: r.budgets,
      depth: tokenDepthOf(r.depth),
      parentId: r.parentId ? `agt_${r.parentId}` : null,
      sessionId: r.sessionId,
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      children: [],
    });
  }
  const roots: AgentNode[] = [];
  for (const r of records) {
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    (parent ? parent.children : roots).push(nodes.get(r.id)!);
  }
  return roots;
}
