/** Why a user's sessions are being ended; recorded by the token app on each revoked family. */
export type RevocationReason = 'user_disabled' | 'user_deleted' | 'password_changed';

/**
 * Ends every session (refresh family) of a user, and with them their access tokens, on every
 * gateway at once. The token app owns sessions; this app only asks.
 */
export abstract class SessionRevoker {
  /** Resolves with how many sessions were still live and are now revoked; `exceptSessionId` is spared. */
  abstract revokeAll(userId: string, reason: RevocationReason, exceptSessionId?: string): Promise<number>;
}
