import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateWebhookRequest,
  EventTypeInfo,
  ListWebhooksRequest,
  Page,
  UpdateWebhookRequest,
  WEBHOOK_EVENT_CATALOG,
  WebhookDto,
  WebhookPatterns,
  WebhookRef,
  WebhookWithSecret,
} from '@portcullis/contracts';
import { CreateSubscriptionUseCase } from './create-subscription.use-case';
import { DeleteSubscriptionUseCase } from './delete-subscription.use-case';
import { QuerySubscriptionsUseCase } from './query-subscriptions.use-case';
import { RotateSecretUseCase } from './rotate-secret.use-case';
import { UpdateSubscriptionUseCase } from './update-subscription.use-case';

/** The bus face of subscriptions; each pattern hands straight to its use case. */
@Controller()
export class SubscriptionsMessageController {
  constructor(
    private readonly createUseCase: CreateSubscriptionUseCase,
    private readonly query: QuerySubscriptionsUseCase,
    private readonly updateUseCase: UpdateSubscriptionUseCase,
    private readonly deleteUseCase: DeleteSubscriptionUseCase,
    private readonly rotateUseCase: RotateSecretUseCase,
  ) {}

  @MessagePattern(WebhookPatterns.create.pattern)
  create(@Payload() request: CreateWebhookRequest): Promise<WebhookWithSecret> {
    return this.createUseCase.execute(request);
  }

  @MessagePattern(WebhookPatterns.list.pattern)
  list(@Payload() request: ListWebhooksRequest): Promise<Page<WebhookDto>> {
    return this.query.list(request);
  }

  @MessagePattern(WebhookPatterns.get.pattern)
  get(@Payload() request: WebhookRef): Promise<WebhookDto> {
    return this.query.get(request);
  }

  @MessagePattern(WebhookPatterns.update.pattern)
  update(@Payload() request: UpdateWebhookRequest): Promise<WebhookDto> {
    return this.updateUseCase.execute(request);
  }

  @MessagePattern(WebhookPatterns.delete.pattern)
  delete(@Payload() request: WebhookRef): Promise<void> {
    return this.deleteUseCase.execute(request);
  }

  @MessagePattern(WebhookPatterns.rotateSecret.pattern)
  rotateSecret(@Payload() request: WebhookRef): Promise<WebhookWithSecret> {
    return this.rotateUseCase.execute(request);
  }

  @MessagePattern(WebhookPatterns.eventTypes.pattern)
  eventTypes(): readonly EventTypeInfo[] {
    return WEBHOOK_EVENT_CATALOG;
  }
}
