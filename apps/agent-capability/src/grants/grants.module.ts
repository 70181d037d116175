import { DynamicModule, Module, OnModuleInit } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { OutboxModule } from '@portcullis/database';
import { QueueModule, QueueName } from '@portcullis/queue';
import { redisSettings } from '@portcullis/runtime';
import { AGENT_CAPABILITY_SCHEMA } from '../data-source';
import { BudgetsModule } from '../budgets/budgets.module';
import { CatalogModule } from '../catalog/catalog.module';
import { Clock, SystemClock } from '../common/clock';
import { AgentCapabilityConfig } from '../config/agent-capability.config';
import { PolicyModule } from '../policy/policy.module';
import { activeAgents } from './agent-metrics';
import { AgentIssuer } from './agent-issuer';
import { AgentRepository } from './agent.repository';
import { AgentRevocationNotices } from './agent-revocation.notices';
import { AgentTokenSigner } from './agent-token.signer';
import { ApprovalsUseCase } from './approvals.use-case';
import { AuthenticateAgentUseCase } from './authenticate-agent.use-case';
import { BusAgentTokenSigner } from './bus-agent-token.signer';
import { AgentUsesProcessor } from './agent-uses.processor';
import { BudgetChainUseCase } from './budget-chain.use-case';
import { RecordUsesUseCase } from './record-uses.use-case';
import { DelegateAgentUseCase } from './delegate-agent.use-case';
import { GrantsMessageController } from './grants.message-controller';
import { ListAgentsUseCase } from './list-agents.use-case';
import { ListActiveAgentRevocationsUseCase } from './list-active-revocations.use-case';
import { ListDecisionsUseCase } from './list-decisions.use-case';
import { LiveChain } from './live-chain';
import { PgAgentRepository } from './pg-agent.repository';
import { RedisAgentRevocationNotices } from './redis-agent-revocation.notices';
import { RenewAgentUseCase } from './renew-agent.use-case';
import { RevokeAgentsUseCase } from './revoke-agents.use-case';
import { RolesLoweredUseCase } from './roles-lowered.use-case';
import { BusSessionLiveness } from './bus-session-liveness';
import { SessionEndsEventController } from './session-ends.event-controller';
import { SessionLiveness } from './session-liveness';

/**
 * Agents as issued: grants, delegation, renewal, approvals, revocation, and the log of budgeted uses. Needs the
 * global RedisModule, BusModule, OutboxModule and the database.
 */
@Module({})
export class GrantsModule implements OnModuleInit {
  constructor(private readonly agents: AgentRepository) {}

  static forRoot(config: AgentCapabilityConfig): DynamicModule {
    return {
      module: GrantsModule,
      imports: [
        BudgetsModule,
        CatalogModule,
        PolicyModule.forRoot(config),
        // Domain events leave through the outbox, committed with the state change they announce.
        OutboxModule.forRoot({ schema: AGENT_CAPABILITY_SCHEMA, publisher: BusClient }),
        // Uses the gateways counted, on their way into the decision logs.
        QueueModule.forRoot({ redis: redisSettings(config), prefix: config.REDIS_PREFIX }, [QueueName.AgentUses]),
      ],
      controllers: [GrantsMessageController, SessionEndsEventController],
      providers: [
        { provide: Clock, useClass: SystemClock },
        { provide: AgentRepository, useClass: PgAgentRepository },
        { provide: AgentTokenSigner, useClass: BusAgentTokenSigner },
        { provide: AgentRevocationNotices, useClass: RedisAgentRevocationNotices },
        { provide: SessionLiveness, useClass: BusSessionLiveness },
        AgentIssuer,
        LiveChain,
        AuthenticateAgentUseCase,
        DelegateAgentUseCase,
        RenewAgentUseCase,
        ApprovalsUseCase,
        RevokeAgentsUseCase,
        RolesLoweredUseCase,
        ListAgentsUseCase,
        ListDecisionsUseCase,
        BudgetChainUseCase,
        ListActiveAgentRevocationsUseCase,
        RecordUsesUseCase,
        AgentUsesProcessor,
      ],
    };
  }

  onModuleInit(): void {
    activeAgents(() => this.agents.countLive(new Date()));
  }
}
