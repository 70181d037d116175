import { randomUUID } from 'crypto';
import { Clock, epochSeconds } from '@portcullis/common';
import { TokenSettings } from '../config/token.config';
import { ActiveSigningKey } from '../signing-keys/active-signing-key';
import { KeyCrypto } from '../signing-keys/key-crypto';
import { ClaimPolicy } from './claim-policy';

export interface SignedToken {
  token: string;
  jti: string;
  expiresIn: number;
  /** Epoch seconds. */
  expiresAt: number;
}

export interface Lifetime {
  /** Asked-for life; capped by the policy's maximum. */
  ttlSeconds?: number;
  /** Epoch seconds the token must not outlive. */
  notAfter?: number;
}

/** Signs any kind of token by its ClaimPolicy with the active key: shared claims here, the kind's own from the policy. */
export class TokenSigner {
  constructor(
    private readonly activeKey: ActiveSigningKey,
    private readonly crypto: KeyCrypto,
    private readonly clock: Clock,
    private readonly settings: TokenSettings,
  ) {}

  async sign<S>(policy: ClaimPolicy<S>, subject: S, lifetime: Lifetime = {}): Promise<SignedToken> {
    const { kid, key } = await this.activeKey.get();
    const iat = epochSeconds(this.clock.now());
    const max = policy.maxTtlSeconds(this.settings);
    const expiresIn = Math.max(0, Math.min(max, lifetime.ttlSeconds ?? max, (lifetime.notAfter ?? Infinity) - iat));
    const jti = randomUUID();
    const exp = iat + expiresIn;
    // The shared claims are written last, so no policy can replace them.
    const claims = {
      ...policy.claims(subject),
      iss: this.settings.issuer,
      aud: this.settings.audience,
      jti,
      iat,
      exp,
    };
    const token = await this.crypto.signJwt(claims, kid, key, policy.typ);
    return { token, jti, expiresIn, expiresAt: exp };
  }
}
