import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError, Clock, currentOrigin } from '@portcullis/common';
import { ErrorCode, RotateRefreshReply, RotateRefreshRequest } from '@portcullis/contracts';
import { sha256Hex } from '@portcullis/security';
import { TOKEN_SETTINGS, TokenSettings } from '../config/token.config';
import { RefreshFamilyRecord, RefreshTokenRecord, SessionRepository } from './session.repository';
import { decideRotation } from './refresh-rotation.policy';
import { RefreshTokenFactory } from './refresh-token.factory';
import { RevokeReusedFamilyUseCase } from './revoke-reused-family.use-case';
import { SuccessorStash } from './successor-stash';

type Found = { token: RefreshTokenRecord; family: RefreshFamilyRecord };

/** How long a duplicate waits for the winning rotation to store the successor it will share. */
export const GRACE_WAIT_MS = 2_000;

const invalid = () => new AppError(ErrorCode.AUTH_INVALID_REFRESH, 'The refresh token is not valid');

/**
 * Spends a refresh token and returns its successor (DESIGN §3 POST /auth/refresh). Exactly one of
 * any number of concurrent calls with the same token spends it; the others, and retries within the
 * grace window, get that same successor. A spent token presented later is reuse.
 */
@Injectable()
export class RotateRefreshUseCase {
  private readonly logger = new Logger('RotateRefresh');

  constructor(
    private readonly sessions: SessionRepository,
    private readonly refreshTokens: RefreshTokenFactory,
    private readonly stash: SuccessorStash,
    private readonly onReuse: RevokeReusedFamilyUseCase,
    private readonly clock: Clock,
    @Inject(TOKEN_SETTINGS) private readonly settings: TokenSettings,
  ) {}

  async execute(request: RotateRefreshRequest): Promise<RotateRefreshReply> {
    if (typeof request?.refreshToken !== 'string' || request.refreshToken.length === 0) throw invalid();
    const hash = sha256Hex(request.refreshToken);
    const found = await this.sessions.findToken(hash);
    const now = this.clock.now();
    switch (decideRotation(found, now, this.settings.refreshReuseGraceSeconds)) {
      case 'rotate':
        return this.rotate(found!, hash, now);
      case 'grace':
        return this.sameSuccessor(found!, hash);
      case 'reuse':
        return this.onReuse.execute(found!.family);
      default:
        throw invalid();
    }
  }

  private async rotate(found: Found, hash: string, now: Date): Promise<RotateRefreshReply> {
    const next = this.refreshTokens.issue(found.family.id, now);
    const { ip, userAgent } = currentOrigin();
    const touch = { at: now, ip: ip || null, userAgent: userAgent || null };
    const outcome = await this.sessions.spend(hash, next.row, touch);
    if (outcome === 'family_revoked') throw invalid();
    if (outcome === 'already_spent') return this.afterLostRace(hash);
    await this.stash.put(hash, next.plaintext, this.settings.refreshReuseGraceSeconds).catch((err: Error) => {
      // The rotation itself succeeded; only a duplicate inside the grace window will now fail.
      this.logger.warn(`Could not keep a refresh successor for the grace window: ${err.message}`);
    });
    return { userId: found.family.userId, sessionId: found.family.id, refreshToken: next.plaintext };
  }

  /** Another call spent it between our read and our write: decide again on what it recorded. */
  private async afterLostRace(hash: string): Promise<RotateRefreshReply> {
    const found = await this.sessions.findToken(hash);
    const decision = decideRotation(found, this.clock.now(), this.settings.refreshReuseGraceSeconds);
    if (decision === 'grace') return this.sameSuccessor(found!, hash);
    if (decision === 'reuse') return this.onReuse.execute(found!.family);
    throw invalid();
  }

  /**
   * A duplicate within the grace window. If the successor never shows up (the winner died before
   * storing it), the client is told to log in again rather than being treated as a thief.
   */
  private async sameSuccessor(found: Found, hash: string): Promise<RotateRefreshReply> {
    const successor = await this.stash.take(hash, GRACE_WAIT_MS);
    if (!successor) throw invalid();
    return { userId: found.family.userId, sessionId: found.family.id, refreshToken: successor };
  }
}
