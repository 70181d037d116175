import { Inject, Injectable } from '@nestjs/common';
import { Clock, domainEvent } from '@portcullis/common';
import { Events, RotateSigningKeyReply, RotateSigningKeyRequest } from '@portcullis/contracts';
import { longestTokenSeconds } from '../config/longest-token';
import { TOKEN_SETTINGS, TokenSettings } from '../config/token.config';
import { ACTIVE_KEY_RECHECK_MS, ActiveSigningKey } from './active-signing-key';
import { SigningKeyFactory } from './signing-key.factory';
import { SigningKeyRepository } from './signing-key.repository';

/**
 * Makes a new key active and retires the old one. The old key stays in the JWKS until every token
 * it can have signed has expired: the longest token's lifetime (an agent token's hour, or the
 * access tokens' if longer), plus the time other replicas may keep signing with it before they
 * notice the rotation.
 */
@Injectable()
export class RotateSigningKeyUseCase {
  constructor(
    private readonly keys: SigningKeyRepository,
    private readonly factory: SigningKeyFactory,
    private readonly active: ActiveSigningKey,
    private readonly clock: Clock,
    @Inject(TOKEN_SETTINGS) private readonly settings: TokenSettings,
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
    return { kid: next.kid };
  }
}
