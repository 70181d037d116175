import { Injectable } from '@nestjs/common';
import { ApiKeyDto, ApiKeyRef } from '@portcullis/contracts';
import { ApiKeyAccess } from './api-key-access';
import { toApiKeyDto } from './api-key-dto';
import { requireCaller } from './api-key-input';

@Injectable()
export class GetApiKeyUseCase {
  constructor(private readonly access: ApiKeyAccess) {}

  async execute(request: ApiKeyRef): Promise<ApiKeyDto> {
    return toApiKeyDto(await this.access.require(requireCaller(request?.caller), request.id));
  }
}
