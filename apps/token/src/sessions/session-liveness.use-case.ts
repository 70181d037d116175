import { Injectable } from '@nestjs/common';
import { SessionLiveReply, SessionLiveRequest } from '@portcullis/contracts';
import { Clock, isUuid } from '@portcullis/common';
import { ApiKeyRepository } from '../api-keys/api-key.repository';
import { OwnerPermissions } from '../api-keys/owner-permissions';
import { SessionRepository } from './session.repository';

/**
 * Whether a `sid` is still live for its user. A session ends by revocation (logout, reuse, password
 * change: those reach the agent app as events) or silently, when nobody refreshes it before its
 * sliding expiry; only this question catches the silent end. A `sid` is a login's refresh family or,
 * for what an API key authenticates, the key's id: the key must be neither revoked nor expired,
 * and its owner still active.
 */
@Injectable()
export class SessionLivenessUseCase {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
    private readonly owners: OwnerPermissions,
  ) {}

  async execute(request: SessionLiveRequest): Promise<SessionLiveReply> {
    if (!isUuid(request.sessionId)) return { live: false };
    const now = this.clock.now();
    const family = await this.sessions.findFamily(request.sessionId);
    if (family) return { live: family.userId === request.userId && !family.revokedAt && family.expiresAt > now };
    const key = await this.keys.findById(request.sessionId);
    const keyLive =
      !!key && key.ownerUserId === request.userId && !key.revokedAt && (!key.expiresAt || key.expiresAt > now);
    // A disabled owner's keys stop verifying; what was started through one must not renew either.
    // (The cached standing: every owner change drops it at once.)
    return { live: keyLive && (await this.owners.of(request.userId)) !== null };
  }
}
