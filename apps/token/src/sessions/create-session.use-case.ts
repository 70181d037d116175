import { Inject, Injectable } from '@nestjs/common';
import { Clock, currentOrigin, domainEvent } from '@portcullis/common';
import { CreateSessionReply, CreateSessionRequest, Events } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { SignAccessUseCase } from '../access-tokens/sign-access.use-case';
import { TOKEN_SETTINGS, TokenSettings } from '../config/token.config';
import { RefreshFamilyRecord, SessionRepository } from './session.repository';
import { RefreshTokenFactory } from './refresh-token.factory';

/** A login: a new session (refresh family) with its first refresh token, and an access token. */
@Injectable()
export class CreateSessionUseCase {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly refreshTokens: RefreshTokenFactory,
    private readonly signAccess: SignAccessUseCase,
    private readonly clock: Clock,
    @Inject(TOKEN_SETTINGS) private readonly settings: TokenSettings,
  ) {}

  async execute(request: CreateSessionRequest): Promise<CreateSessionReply> {
    const { userId, roles } = request;
    const now = this.clock.now();
    const sessionId = randomUUID();
    const refresh = this.refreshTokens.issue(sessionId, now);
    // Where the login came from: the gateway's request context, carried by the bus.
    const origin = currentOrigin();
    const family: RefreshFamilyRecord = {
      id: sessionId,
      userId,
      // Already bounded by the contract; an empty string is no value.
      deviceName: request.deviceName || null,
      ip: origin.ip || null,
      userAgent: origin.userAgent || null,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: refresh.row.expiresAt,
      revokedAt: null,
      revokedReason: null,
    };
    const user = { type: 'user' as const, id: userId };
    const loggedIn = domainEvent(Events.loginSucceeded, {
      subject: user,
      actor: user,
      data: { sessionId, deviceName: family.deviceName },
    });
    await this.sessions.createFamily(family, refresh.row, loggedIn);
    const access = await this.signAccess.execute({ userId, roles, sessionId });
    return {
      sessionId,
      accessToken: access.accessToken,
      refreshToken: refresh.plaintext,
      tokenType: 'Bearer',
      expiresIn: this.settings.accessTokenTtlSeconds,
    };
  }
}
