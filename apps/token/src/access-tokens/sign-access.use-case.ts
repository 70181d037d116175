import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@portcullis/common';
import { TOKEN_SETTINGS, TokenSettings } from '../config/token.config';
import { ActiveSigningKey } from '../signing-keys/active-signing-key';
import { KeyCrypto } from '../signing-keys/key-crypto';
import { AccessTokenSubject, userAccessPolicy } from './claim-policy';
import { TokenSigner } from './token-signer';

export type { AccessTokenSubject } from './claim-policy';

export interface SignedAccessToken {
  accessToken: string;
  expiresIn: number;
  jti: string;
  /** Epoch seconds. */
  expiresAt: number;
}

/** Signs a user access token with the active key by the user-access claim policy (DESIGN §3), nothing more. */
@Injectable()
export class SignAccessUseCase {
  private readonly signer: TokenSigner;

  constructor(
    activeKey: ActiveSigningKey,
    crypto: KeyCrypto,
    clock: Clock,
    @Inject(TOKEN_SETTINGS) settings: TokenSettings,
  ) {
    this.signer = new TokenSigner(activeKey, crypto, clock, settings);
  }

  async execute(subject: AccessTokenSubject): Promise<SignedAccessToken> {
    const { token, jti, expiresIn, expiresAt } = await this.signer.sign(userAccessPolicy, subject, {
      notAfter: subject.notAfter,
    });
    return { accessToken: token, expiresIn, jti, expiresAt };
  }
}
