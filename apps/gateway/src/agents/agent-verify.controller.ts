import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { isPromise, MaybePromise } from '@portcullis/common';
import { AgentPrincipal } from '@portcullis/contracts';
import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { AuthenticateWith } from '../auth/authenticate-with.decorator';
import { AGENT_JWT_STRATEGY, API_KEY_STRATEGY, JWT_STRATEGY } from '../auth/strategies/strategy-names';
import { RequireCapabilities } from '../rbac/require-capabilities.decorator';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { VerifyAgentBody } from './agents.dto';
import { CapabilityBudgets } from './budgets/capability-budgets';

export interface AgentVerification {
  allowed: boolean;
  /** `granted`, or why not: `invalid_token` (bad, expired or revoked), `not_granted`, `budget_exhausted`. */
  reason: string;
  agentId: string | null;
  userId: string | null;
  /** Person first, the agent last: `[userId, agt_root, …, agt_self]`. */
  chain: string[];
  remaining?: number | null;
}

const INVALID_TOKEN: AgentVerification = Object.freeze({
  allowed: false,
  reason: 'invalid_token',
  agentId: null,
  userId: null,
  chain: [],
});

/**
 * `POST /agents/verify` for resource servers: does this agent token hold this capability now? The
 * token is checked here like any request's (signature, expiry, revocation of the agent, every
 * ancestor and its session, all in memory); only `consume` goes to the budget store, once.
 * `remaining` is in the answer only with `consume`. Without it, a token seen before is answered
 * synchronously (see AccessTokenVerifier), with no promise on the way. Runs on the gateway's data
 * plane (http/data-plane-routes.ts): the body is checked there, against VerifyAgentBody.
 */
@Controller('agents')
export class AgentVerifyController {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly budgets: CapabilityBudgets,
  ) {}

  @Post('verify')
  @AuthenticateWith(JWT_STRATEGY, AGENT_JWT_STRATEGY, API_KEY_STRATEGY)
  // Any authenticated caller (resource servers): nothing beyond a valid credential is required.
  @RequirePermissions()
  @RequireCapabilities()
  @HttpCode(200)
  verify(@Body() body: VerifyAgentBody): MaybePromise<AgentVerification> {
    let agent: MaybePromise<AgentPrincipal>;
    try {
      agent = this.verifier.verifyAgent(body.token);
    } catch {
      return INVALID_TOKEN;
    }
    if (isPromise(agent))
      return agent.then(
        (verified) => this.decide(verified, body),
        () => INVALID_TOKEN,
      );
    return this.decide(agent, body);
  }

  private decide(agent: AgentPrincipal, body: VerifyAgentBody): MaybePromise<AgentVerification> {
    const who = whoOf(agent);
    if (!agent.capabilities.includes(body.capability)) {
      // On the agent's record, as every denial is (GET /agents/:id/decisions, agent.capability.denied).
      this.budgets.recordDenial(agent.agentId, body.capability);
      return { allowed: false, reason: 'not_granted', ...who };
    }
    if (!body.consume) return { allowed: true, reason: 'granted', ...who };
    return this.budgets
      .consume(agent.agentId, body.capability)
      .then((use) => ({ allowed: use.allowed, reason: use.reason, ...who, remaining: use.remaining }));
  }
}

type Who = Pick<AgentVerification, 'agentId' | 'userId' | 'chain'>;

/**
 * Who the answer names, worked out once per verified token: the verifier hands back the same
 * principal for every request with that token, and answers are serialized from flat strings.
 */
const whos = new WeakMap<AgentPrincipal, Who>();

function whoOf(agent: AgentPrincipal): Who {
  let who = whos.get(agent);
  if (!who) {
    const agentId = `agt_${agent.agentId}`;
    who = { agentId, userId: agent.userId, chain: [agent.userId, ...agent.chain.map((id) => `agt_${id}`), agentId] };
    whos.set(agent, who);
  }
  return who;
}
