/**
 * Broadcast by the token app when its signing keys change (a rotation): every gateway replica
 * reloads the JWKS it verifies with and publishes at `/.well-known/jwks.json`, rather than wait
 * for a token with the new `kid` or its periodic reload. The message carries the new key's id only
 * as a hint; the set itself is always read from the token app.
 */
export const SIGNING_KEYS_TOPIC = 'signing-keys';

export interface SigningKeysChanged {
  kid: string;
}
