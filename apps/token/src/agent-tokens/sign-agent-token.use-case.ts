import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import {
  AGENT_TOKEN_MAX_TTL_SECONDS,
  AGENT_TOKEN_TYP,
  AgentTokenClaims,
  ErrorCode,
  parseAgentTokenClaims,
  scopeOf,
  SignAgentTokenReply,
  SignAgentTokenRequest,
} from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { Clock, epochSeconds } from '../common/clock';
import { TOKEN_SETTINGS, TokenSettings } from '../config/token.config';
import { ActiveSigningKey } from '../signing-keys/active-signing-key';
import { KeyCrypto } from '../signing-keys/key-crypto';

/**
 * Signs an agent token (`typ: agent+jwt`) with the active key: the claims DESIGN §3 names, nothing
 * more, at most an hour. The claims are read back with the gateways' own parser before signing, so
 * a token they would refuse is never minted.
 */
@Injectable()
export class SignAgentTokenUseCase {
  constructor(
    private readonly activeKey: ActiveSigningKey,
    private readonly crypto: KeyCrypto,
    private readonly clock: Clock,
    @Inject(TOKEN_SETTINGS) private readonly settings: TokenSettings,
  ) {}

  async execute(r: SignAgentTokenRequest): Promise<SignAgentTokenReply> {
    const iat = epochSeconds(this.clock.now());
    const exp = Math.min(Number(r?.expiresAt), iat + AGENT_TOKEN_MAX_TTL_SECONDS);
    const claims: AgentTokenClaims = {
      iss: this.settings.JWT_ISSUER,
      aud: this.settings.JWT_AUDIENCE,
      sub: r?.agentId,
      jti: randomUUID(),
      iat,
      exp,
      agent_type: r?.agentType,
      scope: Array.isArray(r?.scope) ? scopeOf(r.scope) : '',
      sid: r?.sessionId,
      depth: r?.depth,
      act: r?.act,
    };
    if (!(exp > iat) || !parseAgentTokenClaims(claims as unknown as Record<string, unknown>))
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'Not a valid agent token request');
    const { kid, key } = await this.activeKey.get();
    const token = await this.crypto.signJwt(claims as unknown as Record<string, unknown>, kid, key, AGENT_TOKEN_TYP);
    return { token, jti: claims.jti, expiresAt: exp };
  }
}
