/**
 * The token app's own Redis keys, all under `<prefix>:token:`. Revocation keys are not here: their
 * names are part of the contract the gateway reads (`revocationKeys` in libs/contracts).
 */
export const tokenRedisKeys = {
  /** The sealed successor of a just-spent refresh token, kept for the reuse grace window. */
  successor: (prefix: string, spentHash: string) => `${prefix}:token:successor:${spentHash}`,
  /** Present while Redis holds the revocations restored from PostgreSQL (see RevocationKeeper). */
  revocationsRestored: (prefix: string) => `${prefix}:token:revocations-restored`,
};
