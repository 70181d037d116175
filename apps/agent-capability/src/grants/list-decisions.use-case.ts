import { Injectable } from '@nestjs/common';
import { AgentDecisionPage, ListDecisionsRequest } from '@portcullis/contracts';
import { validationFailed } from '../catalog/catalog-errors';
import { requireOwnAgent } from './agent-access';
import { AgentRepository } from './agent.repository';
import { parseCaller } from './grant-input';

const MAX_LIMIT = 100;

/** `GET /agents/:agentId/decisions`: every grant, denial, use, renewal and revocation, newest first. */
@Injectable()
export class ListDecisionsUseCase {
  constructor(private readonly agents: AgentRepository) {}

  async execute(request: ListDecisionsRequest): Promise<AgentDecisionPage> {
    const caller = parseCaller(request?.caller);
    const page = request.page ?? 1;
    const limit = request.limit ?? 50;
    if (!Number.isInteger(page) || page < 1 || page > 10_000)
      throw validationFailed([{ field: 'page', messages: ['page must be an integer from 1 to 10000'] }]);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw validationFailed([{ field: 'limit', messages: [`limit must be an integer from 1 to ${MAX_LIMIT}`] }]);
    const agent = await requireOwnAgent(this.agents, caller, request.agentId);
    const { items, total } = await this.agents.decisions(agent.id, (page - 1) * limit, limit);
    return {
      items: items.map((d) => ({
        id: d.id,
        agentId: `agt_${d.agentId}`,
        kind: d.kind,
        capability: d.capability,
        reason: d.reason,
        at: d.at.toISOString(),
      })),
      total,
      page,
      limit,
    };
  }
}
