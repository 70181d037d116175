import { epochSeconds } from '@portcullis/common';
import { Revocation } from '@portcullis/contracts';

/** What ended an API key's exchanged tokens: its revocation, or else its last roll. */
export interface ApiKeyEnd {
  id: string;
  revokedAt: Date | null;
  rolledAt: Date | null;
}

/**
 * The last `iat` a roll at `rolledAt` ends: the second before it. A roll waits out its second before
 * it commits (RollApiKeyUseCase), so every token issued up to that second was exchanged for the old
 * secret, and none of the new one can be: whole-second `iat`s cannot tell the two apart otherwise.
 */
export const rollCutoff = (rolledAt: Date): number => epochSeconds(rolledAt) - 1;

/**
 * The session revocation (`sid` = the key id) that ends a key's exchanged tokens: all of them once
 * the key is revoked; after a roll, those issued up to its cutoff, the very value the roll
 * broadcast. `until` is rounded up (late, never early).
 */
export function apiKeySessionRevocation(key: ApiKeyEnd, sessionLifetimeSeconds: number): Revocation {
  const ended = key.revokedAt ?? key.rolledAt;
  if (!ended) throw new Error(`API key ${key.id} was neither revoked nor rolled`);
  const until = Math.ceil(ended.getTime() / 1000) + sessionLifetimeSeconds;
  return key.revokedAt
    ? { kind: 'session', sessionId: key.id, until }
    : { kind: 'session', sessionId: key.id, issuedBefore: rollCutoff(ended), until };
}
