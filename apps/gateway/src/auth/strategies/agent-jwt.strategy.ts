import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AgentPrincipal } from '@portcullis/contracts';
import { Strategy as CustomStrategy } from 'passport-custom';
import { AccessTokenVerifier, WrongTokenKind } from '../access-token.verifier';
import { bearerToken } from './bearer-token';
import { ABSENT, AGENT_JWT_STRATEGY, StrategyFailure } from './strategy-names';

/** `agent-jwt`: an agent token (`typ: agent+jwt`) in `Authorization: Bearer`; see JwtStrategy for why passport-custom. */
@Injectable()
export class AgentJwtStrategy extends PassportStrategy(CustomStrategy, AGENT_JWT_STRATEGY) {
  constructor(private readonly verifier: AccessTokenVerifier) {
    super();
  }

  async validate(request: unknown): Promise<AgentPrincipal | [false, StrategyFailure]> {
    const token = bearerToken(request);
    if (!token) return [false, ABSENT];
    try {
      return await this.verifier.verifyAgent(token);
    } catch (err) {
      if (err instanceof WrongTokenKind) return [false, { reason: 'wrong-kind', error: err }];
      throw err;
    }
  }
}
