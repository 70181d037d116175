import { DelegateAgentRequest, RoleName } from '@portcullis/contracts';
import { Clock } from '../../src/common/clock';
import { agentUuid } from '../../src/grants/agent-record';
import { AgentSettings } from '../../src/config/agent-settings';
import { AgentIssuer } from '../../src/grants/agent-issuer';
import { ApprovalsUseCase } from '../../src/grants/approvals.use-case';
import { AuthenticateAgentUseCase } from '../../src/grants/authenticate-agent.use-case';
import { BudgetChainUseCase } from '../../src/grants/budget-chain.use-case';
import { RecordUsesUseCase } from '../../src/grants/record-uses.use-case';
import { DelegateAgentUseCase } from '../../src/grants/delegate-agent.use-case';
import { ListAgentsUseCase } from '../../src/grants/list-agents.use-case';
import { ListDecisionsUseCase } from '../../src/grants/list-decisions.use-case';
import { LiveChain } from '../../src/grants/live-chain';
import { RenewAgentUseCase } from '../../src/grants/renew-agent.use-case';
import { RevokeAgentsUseCase } from '../../src/grants/revoke-agents.use-case';
import { RolesLoweredUseCase } from '../../src/grants/roles-lowered.use-case';
import { DecideCapabilitiesUseCase } from '../../src/policy/decide-capabilities.use-case';
import { catalogFixture } from './catalog-fixture';
import { FakeAgentTokenSigner } from './fake-agent-token.signer';
import { InMemoryAgentRevocationNotices } from './in-memory-agent-revocation.notices';
import { InMemoryAgentRepository } from './in-memory-agent.repository';
import { InMemorySessionLiveness } from './in-memory-session-liveness';
import { InMemoryBudgetStore } from '@portcullis/testing';

export class FakeClock extends Clock {
  constructor(private at = new Date('2026-01-01T12:00:00.000Z')) {
    super();
  }
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export const USER = '3f0c6c1e-8d4b-4a57-9a3e-2b1f0d6c9e11';
export const OTHER = '9a0c6c1e-8d4b-4a57-9a3e-2b1f0d6c9e22';
export const SESSION = 'a1c2e3f4-0000-4000-8000-000000000001';

/** Every grant use case on the seeded catalog, with in-memory stores and a fake clock. */
export async function grantsFixture(settings: Partial<AgentSettings> = {}) {
  const s: AgentSettings = { maxDelegationDepth: 3, maxTtlSeconds: 3600, defaultTtlSeconds: 900, ...settings };
  const store = await catalogFixture().replica();
  const decide = new DecideCapabilitiesUseCase(store);
  const repo = new InMemoryAgentRepository();
  const signer = new FakeAgentTokenSigner();
  const notices = new InMemoryAgentRevocationNotices();
  const budgets = new InMemoryBudgetStore();
  const clock = new FakeClock();
  const issuer = new AgentIssuer(repo, signer, clock);
  const chains = new LiveChain(repo, clock);
  const budgetChains = new BudgetChainUseCase(repo);
  const sessions = new InMemorySessionLiveness();
  const revoke = new RevokeAgentsUseCase(repo, notices, clock);
  const delegate = new DelegateAgentUseCase(chains, decide, repo, issuer, budgets, clock, s);
  return {
    sessions,
    repo,
    signer,
    notices,
    budgets,
    clock,
    authenticate: new AuthenticateAgentUseCase(decide, repo, issuer, clock, s),
    /** As the gateway calls it; `ownerRoles` defaults to the roles the tree began with (nobody was demoted). */
    delegate: {
      execute: async (request: Omit<DelegateAgentRequest, 'ownerRoles'> & { ownerRoles?: RoleName[] }) => {
        const parent = await repo.find(agentUuid(request.agentId) ?? '');
        return delegate.execute({ ownerRoles: (parent?.roles ?? []) as RoleName[], ...request });
      },
    },
    renew: new RenewAgentUseCase(chains, repo, issuer, clock, sessions),
    approvals: new ApprovalsUseCase(decide, repo, issuer, clock, s, revoke, sessions),
    revoke,
    rolesLowered: new RolesLoweredUseCase(repo, store, revoke, clock),
    list: new ListAgentsUseCase(repo, clock),
    decisions: new ListDecisionsUseCase(repo),
    budgetChains,
    recordUses: new RecordUsesUseCase(repo, budgetChains),
  };
}

export const owner = (roles: string[] = ['developer'], userId = USER) =>
  ({ userId, sessionId: SESSION, roles }) as never;
export const caller = (roles: string[] = ['user'], userId = USER) => ({ userId, roles }) as never;

export const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('expected a failure'),
    (err: unknown) => err,
  );
