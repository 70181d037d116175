import { GeneratedKeyPair, KeyCrypto, SigningKeyHandle } from '../../src/signing-keys/key-crypto';

/**
 * Stands in for RSA: keys are labelled strings and a "JWT" is header.payload.kid in base64url, so
 * tests can read what would have been signed. Real signatures are covered by the integration test.
 */
export class FakeKeyCrypto extends KeyCrypto {
  readonly alg = 'RS256';
  generated = 0;
  imports = 0;

  async generate(): Promise<GeneratedKeyPair> {
    const n = ++this.generated;
    return { publicJwk: { kty: 'RSA', n: `modulus-${n}`, e: 'AQAB' }, privatePkcs8: `private-${n}` };
  }

  async importPrivate(pkcs8: string): Promise<SigningKeyHandle> {
    this.imports++;
    return { pkcs8 };
  }

  async signJwt(claims: Record<string, unknown>, kid: string, _key?: unknown, typ = 'JWT'): Promise<string> {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${part({ alg: this.alg, kid, typ })}.${part(claims)}.${Buffer.from(kid).toString('base64url')}`;
  }
}

export function decodeFakeJwt(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, claims] = token
    .split('.')
    .slice(0, 2)
    .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString() || 'null'));
  return { header, claims };
}
