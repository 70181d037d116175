import { PublicJwk } from './signing-key.entity';

/** An imported private key, ready to sign; opaque so only the crypto adapter knows its type. */
export type SigningKeyHandle = unknown;

export interface GeneratedKeyPair {
  publicJwk: PublicJwk;
  /** PKCS#8 PEM; sealed before it is stored. */
  privatePkcs8: string;
}

/** The asymmetric crypto the token app needs, behind a port so use cases test without real RSA. */
export abstract class KeyCrypto {
  abstract readonly alg: string;
  abstract generate(): Promise<GeneratedKeyPair>;
  abstract importPrivate(pkcs8: string): Promise<SigningKeyHandle>;
  /** A compact JWS over `claims` with header `{alg, kid, typ}` (`JWT` for user tokens, `agent+jwt` for agents). */
  abstract signJwt(claims: Record<string, unknown>, kid: string, key: SigningKeyHandle, typ?: string): Promise<string>;
}
