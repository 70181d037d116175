import { RevocationReason, SessionRevoker } from '../../src/admin/session-revoker';

/** Records what would have been revoked; `live` says how many sessions each user "has", `failWith` simulates the token app being down. */
export class RecordingSessionRevoker extends SessionRevoker {
  readonly calls: Array<{ userId: string; reason: RevocationReason; exceptSessionId?: string }> = [];
  readonly live = new Map<string, number>();
  failWith?: Error;

  async revokeAll(userId: string, reason: RevocationReason, exceptSessionId?: string): Promise<number> {
    if (this.failWith) throw this.failWith;
    this.calls.push({ userId, reason, ...(exceptSessionId ? { exceptSessionId } : {}) });
    const revoked = this.live.get(userId) ?? 0;
    this.live.set(userId, 0);
    return revoked;
  }
}
