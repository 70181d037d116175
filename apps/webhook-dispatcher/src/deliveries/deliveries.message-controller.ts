import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  DeliveryDto,
  ListDeliveriesRequest,
  Page,
  RecoverDeliveriesReply,
  RecoverDeliveriesRequest,
  RetryDeliveryRequest,
  TestWebhookReply,
  WebhookPatterns,
  WebhookRef,
} from '@portcullis/contracts';
import { ListDeliveriesUseCase } from './list-deliveries.use-case';
import { RecoverDeliveriesUseCase } from './recover-deliveries.use-case';
import { RetryDeliveryUseCase } from './retry-delivery.use-case';
import { SendTestEventUseCase } from './send-test-event.use-case';

/** The bus face of deliveries: history, test sends and replays. */
@Controller()
export class DeliveriesMessageController {
  constructor(
    private readonly listUseCase: ListDeliveriesUseCase,
    private readonly retryUseCase: RetryDeliveryUseCase,
    private readonly recoverUseCase: RecoverDeliveriesUseCase,
    private readonly testUseCase: SendTestEventUseCase,
  ) {}

  @MessagePattern(WebhookPatterns.listDeliveries.pattern)
  list(@Payload() request: ListDeliveriesRequest): Promise<Page<DeliveryDto>> {
    return this.listUseCase.execute(request);
  }

  @MessagePattern(WebhookPatterns.retryDelivery.pattern)
  retry(@Payload() request: RetryDeliveryRequest): Promise<DeliveryDto> {
    return this.retryUseCase.execute(request);
  }

  @MessagePattern(WebhookPatterns.recover.pattern)
  recover(@Payload() request: RecoverDeliveriesRequest): Promise<RecoverDeliveriesReply> {
    return this.recoverUseCase.execute(request);
  }

  @MessagePattern(WebhookPatterns.test.pattern)
  test(@Payload() request: WebhookRef): Promise<TestWebhookReply> {
    return this.testUseCase.execute(request);
  }
}
