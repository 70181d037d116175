/**
 * Whether the session an agent chain descends from (its `sid`: a login, or the API key it was
 * started through) still lives. A revoked session reaches this app as an event and revokes its
 * agents; one that ends silently (nobody refreshed it before its expiry, a key that expired) does
 * not, so renewing asks.
 */
export abstract class SessionLiveness {
  abstract isLive(userId: string, sessionId: string): Promise<boolean>;
}
