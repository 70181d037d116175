import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AgentTokenPatterns } from '@portcullis/contracts';
import { actorChain } from '../policy/act-claim';
import { AgentTokenSigner, AgentTokenSpec, SignedAgentToken } from './agent-token.signer';

const bareId = (subject: string) => subject.replace(/^agt_/, '');

/**
 * The token app signs (it alone holds the keys); this app says what the token holds. The token app
 * builds `act` and `depth` from the ancestor chain itself, so the chain is read back out of `act`
 * (person first, then root … parent) and sent as bare ids.
 */
@Injectable()
export class BusAgentTokenSigner extends AgentTokenSigner {
  constructor(private readonly bus: BusClient) {
    super();
  }

  async sign(spec: AgentTokenSpec): Promise<SignedAgentToken> {
    const reply = await this.bus.call(AgentTokenPatterns.sign, {
      agentId: bareId(spec.agentId),
      userId: spec.userId,
      sessionId: spec.sessionId,
      agentType: spec.agentType,
      capabilities: spec.scope,
      chain: actorChain(spec.act).slice(1).map(bareId),
      notAfter: spec.expiresAt,
    });
    return { token: reply.agentToken, jti: reply.jti, expiresAt: reply.expiresAt };
  }
}
