import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ActiveAgentRevocationsReply,
  AgentApprovalRequest,
  AgentDecisionPage,
  AgentGrantReply,
  AgentNode,
  AgentPatterns,
  AuthenticateAgentReply,
  AuthenticateAgentRequest,
  AgentBudgetChain,
  AgentBudgetChainRequest,
  DelegateAgentRequest,
  ListAgentsRequest,
  ListDecisionsRequest,
  RenewAgentRequest,
  RevokeAgentRequest,
} from '@portcullis/contracts';
import { ApprovalsUseCase } from './approvals.use-case';
import { AuthenticateAgentUseCase } from './authenticate-agent.use-case';
import { BudgetChainUseCase } from './budget-chain.use-case';
import { DelegateAgentUseCase } from './delegate-agent.use-case';
import { ListAgentsUseCase } from './list-agents.use-case';
import { ListActiveAgentRevocationsUseCase } from './list-active-revocations.use-case';
import { ListDecisionsUseCase } from './list-decisions.use-case';
import { RenewAgentUseCase } from './renew-agent.use-case';
import { RevokeAgentsUseCase } from './revoke-agents.use-case';
import { countedGrant } from './counted-grant';

/** The bus face of agent grants; each pattern hands straight to its use case. */
@Controller()
export class GrantsMessageController {
  constructor(
    private readonly authenticateAgent: AuthenticateAgentUseCase,
    private readonly delegateAgent: DelegateAgentUseCase,
    private readonly renewAgent: RenewAgentUseCase,
    private readonly approvals: ApprovalsUseCase,
    private readonly revokeAgents: RevokeAgentsUseCase,
    private readonly listAgents: ListAgentsUseCase,
    private readonly listDecisions: ListDecisionsUseCase,
    private readonly budgetChains: BudgetChainUseCase,
    private readonly activeRevocations: ListActiveAgentRevocationsUseCase,
  ) {}

  @MessagePattern(AgentPatterns.authenticate.pattern)
  authenticate(@Payload() request: AuthenticateAgentRequest): Promise<AuthenticateAgentReply> {
    return countedGrant(this.authenticateAgent.execute(request));
  }

  @MessagePattern(AgentPatterns.delegate.pattern)
  delegate(@Payload() request: DelegateAgentRequest): Promise<AgentGrantReply> {
    return countedGrant(this.delegateAgent.execute(request));
  }

  @MessagePattern(AgentPatterns.renew.pattern)
  renew(@Payload() request: RenewAgentRequest): Promise<AgentGrantReply> {
    return this.renewAgent.execute(request);
  }

  @MessagePattern(AgentPatterns.approve.pattern)
  approve(@Payload() request: AgentApprovalRequest): Promise<void> {
    return this.approvals.decide(request, 'approved');
  }

  @MessagePattern(AgentPatterns.deny.pattern)
  deny(@Payload() request: AgentApprovalRequest): Promise<void> {
    return this.approvals.decide(request, 'denied');
  }

  @MessagePattern(AgentPatterns.collect.pattern)
  collect(@Payload() request: AgentApprovalRequest): Promise<AgentGrantReply> {
    return countedGrant(this.approvals.collect(request));
  }

  @MessagePattern(AgentPatterns.revoke.pattern)
  revoke(@Payload() request: RevokeAgentRequest): Promise<void> {
    return this.revokeAgents.byRequest(request);
  }

  @MessagePattern(AgentPatterns.list.pattern)
  list(@Payload() request: ListAgentsRequest): Promise<AgentNode[]> {
    return this.listAgents.execute(request);
  }

  @MessagePattern(AgentPatterns.decisions.pattern)
  decisions(@Payload() request: ListDecisionsRequest): Promise<AgentDecisionPage> {
    return this.listDecisions.execute(request);
  }

  @MessagePattern(AgentPatterns.budgetChain.pattern)
  budgetChain(@Payload() request: AgentBudgetChainRequest): Promise<AgentBudgetChain | null> {
    return this.budgetChains.execute(request);
  }

  /** Gateways call this when they start and whenever their Redis connection comes back. */
  @MessagePattern(AgentPatterns.listActiveRevocations.pattern)
  listActiveRevocations(): Promise<ActiveAgentRevocationsReply> {
    return this.activeRevocations.execute();
  }
}
