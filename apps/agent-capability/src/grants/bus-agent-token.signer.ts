import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AgentTokenPatterns } from '@portcullis/contracts';
import { AgentTokenSigner, AgentTokenSpec, SignedAgentToken } from './agent-token.signer';

/** The token app signs (it alone holds the keys); this app says what the token holds. */
@Injectable()
export class BusAgentTokenSigner extends AgentTokenSigner {
  constructor(private readonly bus: BusClient) {
    super();
  }

  sign(spec: AgentTokenSpec): Promise<SignedAgentToken> {
    return this.bus.call(AgentTokenPatterns.sign, spec);
  }
}
