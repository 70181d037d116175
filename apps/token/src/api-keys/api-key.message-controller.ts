import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ApiKeyDto,
  ApiKeyPatterns,
  ApiKeyRef,
  ApiKeyWithSecret,
  CreateApiKeyRequest,
  ExchangeApiKeyReply,
  ExchangeApiKeyRequest,
  ListApiKeysRequest,
  RollApiKeyRequest,
  VerifyApiKeyReply,
  VerifyApiKeyRequest,
} from '@portcullis/contracts';
import { CreateApiKeyUseCase } from './create-api-key.use-case';
import { ExchangeApiKeyUseCase } from './exchange-api-key.use-case';
import { GetApiKeyUseCase } from './get-api-key.use-case';
import { ListApiKeysUseCase } from './list-api-keys.use-case';
import { RevokeApiKeyUseCase } from './revoke-api-key.use-case';
import { RollApiKeyUseCase } from './roll-api-key.use-case';
import { VerifyApiKeyUseCase } from './verify-api-key.use-case';

@Controller()
export class ApiKeyMessageController {
  constructor(
    private readonly createKey: CreateApiKeyUseCase,
    private readonly listKeys: ListApiKeysUseCase,
    private readonly getKey: GetApiKeyUseCase,
    private readonly revokeKey: RevokeApiKeyUseCase,
    private readonly rollKey: RollApiKeyUseCase,
    private readonly verifyKey: VerifyApiKeyUseCase,
    private readonly exchangeKey: ExchangeApiKeyUseCase,
  ) {}

  @MessagePattern(ApiKeyPatterns.create.pattern)
  create(@Payload() request: CreateApiKeyRequest): Promise<ApiKeyWithSecret> {
    return this.createKey.execute(request);
  }

  @MessagePattern(ApiKeyPatterns.list.pattern)
  list(@Payload() request: ListApiKeysRequest): Promise<ApiKeyDto[]> {
    return this.listKeys.execute(request);
  }

  @MessagePattern(ApiKeyPatterns.get.pattern)
  get(@Payload() request: ApiKeyRef): Promise<ApiKeyDto> {
    return this.getKey.execute(request);
  }

  @MessagePattern(ApiKeyPatterns.revoke.pattern)
  revoke(@Payload() request: ApiKeyRef): Promise<void> {
    return this.revokeKey.execute(request);
  }

  @MessagePattern(ApiKeyPatterns.roll.pattern)
  roll(@Payload() request: RollApiKeyRequest): Promise<ApiKeyWithSecret> {
    return this.rollKey.execute(request);
  }

  @MessagePattern(ApiKeyPatterns.verify.pattern)
  verify(@Payload() request: VerifyApiKeyRequest): Promise<VerifyApiKeyReply> {
    return this.verifyKey.execute(request);
  }

  @MessagePattern(ApiKeyPatterns.exchange.pattern)
  exchange(@Payload() request: ExchangeApiKeyRequest): Promise<ExchangeApiKeyReply> {
    return this.exchangeKey.execute(request);
  }
}
