import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { Page, Principal } from '@portcullis/contracts';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { PermissionChecker } from '../rbac/permission-checker';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { UsageQueryService } from '../usage/usage-query.service';
import { UsageReport } from '../usage/usage-report';
import { ApiView, SCOPE_ALL } from './api-record';
import { ApiRegistry } from './api-registry';
import { ApiReply } from '../docs/api-responses.decorator';
import { ApiPageQuery, CreateApiDto, UpdateApiDto, UsageQuery } from './dto/api.dto';

/** The upstream API registry (DESIGN §3). Each caller sees their own APIs; admins (apis:scope-all) everyone's. */
@Controller('apis')
export class ApisController {
  constructor(
    private readonly registry: ApiRegistry,
    private readonly usage: UsageQueryService,
    private readonly permissions: PermissionChecker,
  ) {}

  @Post()
  @RequirePermissions('apis:write')
  create(@Body() body: CreateApiDto, @CurrentPrincipal() principal: Principal): Promise<ApiView> {
    return this.registry.create(principal.userId, body);
  }

  @Get()
  @RequirePermissions('apis:read')
  @ApiReply(200, {
    type: 'object',
    properties: {
      items: { type: 'array', items: { type: 'object', description: 'An API as GET /apis/{id} answers it' } },
      total: { type: 'integer' },
      page: { type: 'integer' },
      limit: { type: 'integer' },
    },
  })
  async list(@Query() query: ApiPageQuery, @CurrentPrincipal() principal: Principal): Promise<Page<ApiView>> {
    return this.registry.list(await this.owner(principal), query.page, query.limit);
  }

  @Get(':id')
  @RequirePermissions('apis:read')
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<ApiView> {
    return this.registry.get(id, await this.owner(principal));
  }

  @Put(':id')
  @RequirePermissions('apis:write')
  async update(
    @Param('id') id: string,
    @Body() body: UpdateApiDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ApiView> {
    return this.registry.update(id, await this.owner(principal), body);
  }

  @Delete(':id')
  @RequirePermissions('apis:write')
  @HttpCode(204)
  async remove(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.registry.delete(id, await this.owner(principal));
  }

  @Get(':id/usage')
  @RequirePermissions('usage:read')
  async usageOf(
    @Param('id') id: string,
    @Query() query: UsageQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UsageReport> {
    const api = await this.registry.get(id, await this.owner(principal));
    return this.usage.report(api.id, query);
  }

  /** null: every owner's (apis:scope-all); otherwise only the caller's own. */
  private async owner(principal: Principal): Promise<string | null> {
    // For an API key: its owner's permissions within its scopes.
    return (await this.permissions.permissionsOf(principal)).includes(SCOPE_ALL) ? null : principal.userId;
  }
}
