import { Injectable } from '@nestjs/common';
import { AppError, isUuid } from '@portcullis/common';
import { ApiKeyCaller, ErrorCode } from '@portcullis/contracts';
import { ApiKeyRecord, ApiKeyRepository } from './api-key.repository';

export const apiKeyNotFound = () => new AppError(ErrorCode.API_KEY_NOT_FOUND, 'No such API key');

/** A key its caller may manage: their own, or any for an admin. Anyone else's looks made up. */
@Injectable()
export class ApiKeyAccess {
  constructor(private readonly keys: ApiKeyRepository) {}

  async require(caller: ApiKeyCaller, id: unknown): Promise<ApiKeyRecord> {
    const record = isUuid(id) ? await this.keys.findById(id) : null;
    if (!record || (record.ownerUserId !== caller.userId && !caller.isAdmin)) throw apiKeyNotFound();
    return record;
  }
}
