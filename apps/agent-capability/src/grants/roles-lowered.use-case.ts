import { Injectable } from '@nestjs/common';
import { AgentCatalogStore } from '../catalog/agent-catalog.store';
import { Clock } from '../common/clock';
import { ceilingRank, riskRank } from '../policy/role-ceiling';
import { AgentRepository } from './agent.repository';
import { RevokeAgentsUseCase } from './revoke-agents.use-case';

/**
 * A person's roles changed (`user.roles.changed`): every live agent of theirs holding a capability
 * above the new roles' ceiling ends, with its descendants. Otherwise a demoted admin's agent would
 * keep its `deploy:production` for its hour and renew it for as long as the session lives. Agents
 * within the new ceiling go on; delegations decide against the current roles anyway.
 */
@Injectable()
export class RolesLoweredUseCase {
  constructor(
    private readonly agents: AgentRepository,
    private readonly catalogs: AgentCatalogStore,
    private readonly revoke: RevokeAgentsUseCase,
    private readonly clock: Clock,
  ) {}

  async execute(userId: string, roles: readonly string[]): Promise<void> {
    const catalog = await this.catalogs.get();
    const ceiling = ceilingRank(roles);
    const above = (capability: string) => {
      const risk = catalog.riskOf(capability);
      return risk !== undefined && riskRank(risk) > ceiling;
    };
    // Shallowest first: ending one ends what it delegated, which the next turns then find gone.
    const over = (await this.agents.listLive(userId, this.clock.now())).filter((a) => a.capabilities.some(above));
    const ended: string[] = [];
    for (const agent of over) {
      if (ended.some((id) => agent.ancestors.includes(id))) continue;
      await this.revoke.endAgent(agent.id, 'role_lowered');
      ended.push(agent.id);
    }
    // Nothing left to end: maybe a retry of this event, whose first notice failed. Tell them again.
    if (ended.length === 0) await this.revoke.notifyAgain(userId, 'role_lowered');
  }
}
