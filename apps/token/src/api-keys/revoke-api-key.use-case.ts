import { Injectable } from '@nestjs/common';
import { ApiKeyRef } from '@portcullis/contracts';
import { Clock } from '@portcullis/common';
import { RevocationPublisher } from '../revocation/revocation.publisher';
import { ApiKeyAccess } from './api-key-access';
import { apiKeyEvents } from './api-key-events';
import { requireCaller } from './api-key-input';
import { ApiKeyRevocations } from './api-key-revocations';
import { ApiKeyRepository } from './api-key.repository';

/**
 * Ends a key: the row first (verification refuses it from then on), with its event; then the
 * notice that makes every gateway drop it, and the access tokens exchanged for it (their `sid` is
 * the key id). Revoking twice is fine and republishes, which repairs a notice lost the first time.
 */
@Injectable()
export class RevokeApiKeyUseCase {
  constructor(
    private readonly access: ApiKeyAccess,
    private readonly keys: ApiKeyRepository,
    private readonly notices: ApiKeyRevocations,
    private readonly tokens: RevocationPublisher,
    private readonly clock: Clock,
  ) {}

  async execute(request: ApiKeyRef): Promise<void> {
    const caller = requireCaller(request?.caller);
    const record = await this.access.require(caller, request.id);
    await this.keys.revoke(record.id, this.clock.now(), apiKeyEvents.revoked(record, caller));
    await this.notices.revoked(record.id);
    await this.tokens.revokeSessions([record.id]);
  }
}
