import { Inject, Injectable } from '@nestjs/common';
import { AppError, Clock, epochSeconds } from '@portcullis/common';
import { ErrorCode, SignAgentTokenReply, SignAgentTokenRequest } from '@portcullis/contracts';
import { agentPolicy } from '../access-tokens/claim-policy';
import { TokenSigner } from '../access-tokens/token-signer';
import { TOKEN_SETTINGS, TokenSettings } from '../config/token.config';
import { ActiveSigningKey } from '../signing-keys/active-signing-key';
import { KeyCrypto } from '../signing-keys/key-crypto';

/**
 * `token.agents.sign`: mints an agent token by the agent claim policy. The grant was decided by the
 * agent-capability app; this checks the shape (so a malformed id can never be signed into a token
 * that gateways would then parse) and the lifetime (≤ 1 h, never past `notAfter`).
 */
@Injectable()
export class SignAgentTokenUseCase {
  private readonly signer: TokenSigner;

  constructor(
    activeKey: ActiveSigningKey,
    crypto: KeyCrypto,
    private readonly clock: Clock,
    @Inject(TOKEN_SETTINGS) settings: TokenSettings,
  ) {
    this.signer = new TokenSigner(activeKey, crypto, clock, settings);
  }

  async execute(request: SignAgentTokenRequest): Promise<SignAgentTokenReply> {
    // The shape was checked by the contract's schema at the bus; what is left depends on the clock.
    const { ttlSeconds, notAfter, ...subject } = request;
    if (notAfter !== undefined && notAfter <= epochSeconds(this.clock.now())) {
      throw new AppError(ErrorCode.VALIDATION_FAILED, 'notAfter must be a time in the future (epoch seconds)', {
        field: 'notAfter',
      });
    }
    const { token, jti, expiresIn, expiresAt } = await this.signer.sign(agentPolicy, subject, { ttlSeconds, notAfter });
    return { agentToken: token, jti, expiresIn, expiresAt };
  }
}
