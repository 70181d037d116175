import { JwkSet } from '@portcullis/contracts';
import { SigningKeyRecord } from './signing-key.repository';

/** Only these members of an RSA or EC public JWK are ever published; anything else stays home. */
const PUBLIC_MEMBERS = ['kty', 'n', 'e', 'crv', 'x', 'y'] as const;

/**
 * The JWK Set resource servers verify against: every key not past its `expiresAt`, newest first,
 * each with its kid, alg and `use: 'sig'`. Filtering by time happens here too, so a key that expired
 * between the query and now is not served.
 */
export function toJwkSet(keys: SigningKeyRecord[], now: Date): JwkSet {
  const live = keys
    .filter((k) => k.expiresAt === null || k.expiresAt.getTime() > now.getTime())
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return {
    keys: live.map((k) => {
      const jwk = Object.fromEntries(
        PUBLIC_MEMBERS.filter((m) => k.publicJwk[m] !== undefined).map((m) => [m, k.publicJwk[m]]),
      );
      return { ...jwk, kty: k.publicJwk.kty, kid: k.kid, alg: k.alg, use: 'sig' };
    }),
  };
}
