import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError } from '@portcullis/common';
import {
  DeliveryDto,
  ErrorCode,
  EventTypeInfo,
  Page,
  Principal,
  RecoverDeliveriesReply,
  TestWebhookReply,
  WEBHOOK_EVENT_CATALOG,
  WebhookDto,
  WebhookOwner,
  WebhookPatterns,
  WebhookWithSecret,
} from '@portcullis/contracts';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { PermissionChecker } from '../rbac/permission-checker';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { CreateWebhookDto, DeliveriesQuery, RecoverDto, UpdateWebhookDto, WebhookPageQuery } from './dto/webhook.dto';
import { ApiProblems, ApiReply, arrayOf, pageOf } from '../docs/api-responses.decorator';
import {
  deliveryExample,
  pageExample,
  recoveredExample,
  testWebhookExample,
  webhookExample,
  webhookWithSecretExample,
} from '../docs/reply-examples';

const webhookId = new ParseUUIDPipe({
  exceptionFactory: () => new AppError(ErrorCode.WEBHOOK_NOT_FOUND, 'Webhook not found'),
});
const deliveryId = new ParseUUIDPipe({
  exceptionFactory: () => new AppError(ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND, 'Delivery not found'),
});

/** Webhook subscriptions (DESIGN §3). Ownership is enforced by the dispatcher from `owner`. */
@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly bus: BusClient,
    private readonly permissions: PermissionChecker,
  ) {}

  @Get('event-types')
  @RequirePermissions('webhooks:read')
  @ApiReply(200, arrayOf('EventType'), WEBHOOK_EVENT_CATALOG.slice(0, 1))
  eventTypes(): Promise<EventTypeInfo[]> {
    return this.bus.call(WebhookPatterns.eventTypes, {});
  }

  /** The secret is in this answer and never again (rotate-secret makes a new one). */
  @Post()
  @RequirePermissions('webhooks:write')
  @ApiReply(201, 'WebhookWithSecret', webhookWithSecretExample)
  @ApiProblems(ErrorCode.WEBHOOK_URL_FORBIDDEN, ErrorCode.WEBHOOK_SCOPE_FORBIDDEN)
  async create(@Body() body: CreateWebhookDto, @CurrentPrincipal() principal: Principal): Promise<WebhookWithSecret> {
    return this.bus.call(WebhookPatterns.create, { owner: await this.owner(principal), ...body });
  }

  @Get()
  @RequirePermissions('webhooks:read')
  @ApiReply(200, pageOf('Webhook'), pageExample(webhookExample))
  async list(@Query() query: WebhookPageQuery, @CurrentPrincipal() principal: Principal): Promise<Page<WebhookDto>> {
    return this.bus.call(WebhookPatterns.list, {
      owner: await this.owner(principal),
      page: query.page,
      limit: query.limit,
    });
  }

  @Get(':id')
  @RequirePermissions('webhooks:read')
  @ApiReply(200, 'Webhook', webhookExample)
  @ApiProblems(ErrorCode.WEBHOOK_NOT_FOUND)
  async get(@Param('id', webhookId) id: string, @CurrentPrincipal() principal: Principal): Promise<WebhookDto> {
    return this.bus.call(WebhookPatterns.get, { owner: await this.owner(principal), id });
  }

  @Patch(':id')
  @RequirePermissions('webhooks:write')
  @ApiReply(200, 'Webhook', webhookExample)
  @ApiProblems(ErrorCode.WEBHOOK_NOT_FOUND, ErrorCode.WEBHOOK_URL_FORBIDDEN, ErrorCode.WEBHOOK_SCOPE_FORBIDDEN)
  async update(
    @Param('id', webhookId) id: string,
    @Body() body: UpdateWebhookDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WebhookDto> {
    return this.bus.call(WebhookPatterns.update, { owner: await this.owner(principal), id, ...body });
  }

  @Delete(':id')
  @RequirePermissions('webhooks:write')
  @HttpCode(204)
  @ApiReply(204)
  @ApiProblems(ErrorCode.WEBHOOK_NOT_FOUND)
  async remove(@Param('id', webhookId) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.bus.call(WebhookPatterns.delete, { owner: await this.owner(principal), id });
  }

  @Post(':id/test')
  @RequirePermissions('webhooks:write')
  @HttpCode(202)
  @ApiReply(202, 'TestWebhookSent', testWebhookExample)
  @ApiProblems(ErrorCode.WEBHOOK_NOT_FOUND, ErrorCode.WEBHOOK_DISABLED)
  async test(@Param('id', webhookId) id: string, @CurrentPrincipal() principal: Principal): Promise<TestWebhookReply> {
    return this.bus.call(WebhookPatterns.test, { owner: await this.owner(principal), id });
  }

  @Get(':id/deliveries')
  @RequirePermissions('webhooks:read')
  @ApiReply(200, pageOf('Delivery'), pageExample(deliveryExample))
  @ApiProblems(ErrorCode.WEBHOOK_NOT_FOUND)
  async deliveries(
    @Param('id', webhookId) id: string,
    @Query() query: DeliveriesQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Page<DeliveryDto>> {
    return this.bus.call(WebhookPatterns.listDeliveries, { owner: await this.owner(principal), id, ...query });
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @RequirePermissions('webhooks:write')
  @HttpCode(202)
  @ApiReply(202, 'Delivery', deliveryExample)
  @ApiProblems(ErrorCode.WEBHOOK_NOT_FOUND, ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND, ErrorCode.WEBHOOK_DISABLED)
  async retry(
    @Param('id', webhookId) id: string,
    @Param('deliveryId', deliveryId) delivery: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DeliveryDto> {
    return this.bus.call(WebhookPatterns.retryDelivery, {
      owner: await this.owner(principal),
      id,
      deliveryId: delivery,
    });
  }

  @Post(':id/recover')
  @RequirePermissions('webhooks:write')
  @HttpCode(202)
  @ApiReply(202, 'DeliveriesRecovered', recoveredExample)
  @ApiProblems(ErrorCode.WEBHOOK_NOT_FOUND)
  async recover(
    @Param('id', webhookId) id: string,
    @Body() body: RecoverDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RecoverDeliveriesReply> {
    return this.bus.call(WebhookPatterns.recover, { owner: await this.owner(principal), id, ...body });
  }

  @Post(':id/rotate-secret')
  @RequirePermissions('webhooks:write')
  @HttpCode(200)
  @ApiReply(200, 'WebhookWithSecret', webhookWithSecretExample)
  @ApiProblems(ErrorCode.WEBHOOK_NOT_FOUND)
  async rotateSecret(
    @Param('id', webhookId) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WebhookWithSecret> {
    return this.bus.call(WebhookPatterns.rotateSecret, { owner: await this.owner(principal), id });
  }

  /**
   * Admins (webhooks:scope-all) see and may subscribe to everyone's events; through a key, only when
   * its scopes hold that permission too (its scopes are the ceiling, as on every route).
   */
  private async owner(principal: Principal): Promise<WebhookOwner> {
    const permissions = await this.permissions.permissionsOf(principal);
    return { userId: principal.userId, isAdmin: permissions.includes('webhooks:scope-all') };
  }
}
