import { Injectable } from '@nestjs/common';
import { MaybePromise } from '@portcullis/common';
import { AgentPrincipal } from '@portcullis/contracts';
import { AccessTokenVerifier } from '../access-token.verifier';
import { bearerToken } from './bearer-token';
import { GatewayStrategy, unlessWrongKind, Validated } from './gateway-strategy';
import { ABSENT, AGENT_JWT_STRATEGY } from './strategy-names';

/** `agent-jwt`: an agent token (`typ: agent+jwt`) in `Authorization: Bearer`; see JwtStrategy for why passport-custom. */
@Injectable()
export class AgentJwtStrategy extends GatewayStrategy<AgentPrincipal> {
  constructor(private readonly verifier: AccessTokenVerifier) {
    super(AGENT_JWT_STRATEGY);
  }

  validate(request: unknown): MaybePromise<Validated<AgentPrincipal>> {
    const token = bearerToken(request);
    if (!token) return [false, ABSENT];
    return unlessWrongKind(() => this.verifier.verifyAgent(token));
  }
}
