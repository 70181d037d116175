import { Inject, Injectable } from '@nestjs/common';
import { ActiveRevocationsReply } from '@portcullis/contracts';
import { Clock } from '@portcullis/common';
import { TOKEN_SETTINGS, TokenSettings } from '../config/token.config';
import { RevocationRepository } from './revocation.repository';
import { revocationLifetimeSeconds } from './revocation-window';

/** Every revocation still in force, from PostgreSQL: what a gateway must hold before it trusts a token. */
@Injectable()
export class ListActiveRevocationsUseCase {
  constructor(
    private readonly revoked: RevocationRepository,
    private readonly clock: Clock,
    @Inject(TOKEN_SETTINGS) private readonly settings: TokenSettings,
  ) {}

  async execute(): Promise<ActiveRevocationsReply> {
    return { revocations: await this.revoked.listActive(this.clock.now(), revocationLifetimeSeconds(this.settings)) };
  }
}
