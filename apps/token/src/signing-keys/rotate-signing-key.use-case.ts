import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, domainEvent } from '@portcullis/common';
import { Events, RotateSigningKeyReply, RotateSigningKeyRequest } from '@portcullis/contracts';
import { longestTokenSeconds } from '../config/longest-token';
import { TOKEN_SETTINGS, TokenSettings } from '../config/token.config';
import { ACTIVE_KEY_RECHECK_MS, ActiveSigningKey } from './active-signing-key';
import { SigningKeyFactory } from './signing-key.factory';
import { SigningKeyNotices } from './signing-key-notices';
import { SigningKeyRepository } from './signing-key.repository';

/**
 * Makes a new key active and retires the old one. The old key stays in the JWKS until every token
 * it can have signed has expired: the longest token's lifetime (an agent token's hour, or the
 * access tokens' if longer), plus the time other replicas may keep signing with it before they
 * notice the rotation. Once committed, the gateways are told, so each publishes and trusts the
 * new set at once rather than when a token first names the new key.
 */
@Injectable()
export class RotateSigningKeyUseCase {
  private readonly logger = new Logger(RotateSigningKeyUseCase.name);

  constructor(
    private readonly keys: SigningKeyRepository,
    private readonly factory: SigningKeyFactory,
    private readonly active: ActiveSigningKey,
    private readonly clock: Clock,
    @Inject(TOKEN_SETTINGS) private readonly settings: TokenSettings,
    private readonly notices: SigningKeyNotices,
  ) {}

  async execute(request: RotateSigningKeyRequest = {}): Promise<RotateSigningKeyReply> {
    const next = await this.factory.create();
    const overlapMs = longestTokenSeconds(this.settings) * 1000 + ACTIVE_KEY_RECHECK_MS;
    const actor = typeof request?.actorId === 'string' ? { type: 'user' as const, id: request.actorId } : undefined;
    const rotated = domainEvent(Events.signingKeyRotated, {
      subject: { type: 'system', id: next.kid },
      actor,
      data: { kid: next.kid },
    });
    await this.keys.rotate(next, new Date(next.createdAt.getTime() + overlapMs), rotated);
    await this.active.use(next);
    // The rotation stands either way: a gateway that misses the notice reloads on its own schedule.
    await this.notices
      .changed(next.kid)
      .catch((err: Error) =>
        this.logger.warn(`signing-key notice not sent (${err.message}); gateways reload on schedule`),
      );
    return { kid: next.kid };
  }
}
