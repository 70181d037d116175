import { Injectable } from '@nestjs/common';
import { SecretBox } from '@portcullis/security';
import { randomBytes } from 'crypto';
import { Clock } from '@portcullis/common';
import { KeyCrypto } from './key-crypto';
import { SigningKeyRecord } from './signing-key.repository';

/** Makes a fresh key row: a random url-safe kid, the public JWK, and the private key sealed. */
@Injectable()
export class SigningKeyFactory {
  constructor(
    private readonly crypto: KeyCrypto,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  async create(): Promise<SigningKeyRecord> {
    const { publicJwk, privatePkcs8 } = await this.crypto.generate();
    return {
      kid: randomBytes(12).toString('base64url'),
      alg: this.crypto.alg,
      publicJwk,
      privateKeySealed: this.box.seal(privatePkcs8),
      createdAt: this.clock.now(),
      retiredAt: null,
      expiresAt: null,
    };
  }
}
