import { Injectable } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { ApiKeyDto, ErrorCode, ListApiKeysRequest } from '@portcullis/contracts';
import { toApiKeyDto } from './api-key-dto';
import { requireCaller } from './api-key-input';
import { ApiKeyRepository } from './api-key.repository';

/** The caller's keys, newest first; an admin may list another user's. */
@Injectable()
export class ListApiKeysUseCase {
  constructor(private readonly keys: ApiKeyRepository) {}

  async execute(request: ListApiKeysRequest): Promise<ApiKeyDto[]> {
    const caller = requireCaller(request?.caller);
    const ownerUserId = request.userId ?? caller.userId;
    if (ownerUserId !== caller.userId && !caller.isAdmin)
      throw new AppError(ErrorCode.AUTH_FORBIDDEN, "Only an admin may list another user's API keys");
    return (await this.keys.listByOwner(ownerUserId)).map(toApiKeyDto);
  }
}
