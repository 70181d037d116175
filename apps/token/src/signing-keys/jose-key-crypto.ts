import { Injectable } from '@nestjs/common';
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, KeyLike, SignJWT } from 'jose';
import { GeneratedKeyPair, KeyCrypto, SigningKeyHandle } from './key-crypto';

/** RS256 with `jose`: what any resource server's ordinary JOSE library verifies by default. */
@Injectable()
export class JoseKeyCrypto extends KeyCrypto {
  readonly alg = 'RS256';

  async generate(): Promise<GeneratedKeyPair> {
    const { publicKey, privateKey } = await generateKeyPair(this.alg, { extractable: true, modulusLength: 2048 });
    const { kty, n, e } = await exportJWK(publicKey);
    return { publicJwk: { kty: kty, n, e }, privatePkcs8: await exportPKCS8(privateKey) };
  }

  importPrivate(pkcs8: string): Promise<SigningKeyHandle> {
    return importPKCS8(pkcs8, this.alg);
  }

  signJwt(claims: Record<string, unknown>, kid: string, key: SigningKeyHandle, typ = 'JWT'): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: this.alg, kid, typ }).sign(key as KeyLike);
  }
}
