import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError } from '@portcullis/common';
import { ApiKeyCaller, ApiKeyDto, ApiKeyPatterns, ApiKeyWithSecret, ErrorCode, Principal } from '@portcullis/contracts';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { KeyLimits } from '../rate-limit/key-limits';
import { PermissionChecker } from '../rbac/permission-checker';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { CreateApiKeyDto, ListApiKeysQuery, RollApiKeyDto } from './dto/api-key.dto';

const keyId = new ParseUUIDPipe({
  exceptionFactory: () => new AppError(ErrorCode.API_KEY_NOT_FOUND, 'API key not found'),
});

/** An API key as GET shows it: what the token app stores, plus what its quota has left this period (null without a quota). */
export type ApiKeyView = ApiKeyDto & { remaining: number | null };

/**
 * API keys (DESIGN §3). The token app owns them and enforces ownership from `caller` (someone
 * else's key is 404 unless the caller holds api-keys:scope-all); the gateway adds `remaining`
 * from the shared rate-limit counters.
 */
@Controller('api-keys')
export class ApiKeysController {
  constructor(
    private readonly bus: BusClient,
    private readonly permissions: PermissionChecker,
    private readonly limits: KeyLimits,
  ) {}

  /** The key is in this answer and never again (roll makes a new one). */
  @Post()
  @RequirePermissions('api-keys:write')
  async create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal): Promise<ApiKeyWithSecret> {
    return this.bus.call(ApiKeyPatterns.create, { caller: await this.caller(principal), ...body });
  }

  /** Newest first, revoked keys included. */
  @Get()
  @RequirePermissions('api-keys:read')
  async list(@Query() query: ListApiKeysQuery, @CurrentPrincipal() principal: Principal): Promise<ApiKeyView[]> {
    const keys = await this.bus.call(ApiKeyPatterns.list, {
      caller: await this.caller(principal),
      ...(query.userId ? { userId: query.userId } : {}),
    });
    return Promise.all(keys.map((k) => this.view(k)));
  }

  @Get(':id')
  @RequirePermissions('api-keys:read')
  async get(@Param('id', keyId) id: string, @CurrentPrincipal() principal: Principal): Promise<ApiKeyView> {
    return this.view(await this.bus.call(ApiKeyPatterns.get, { caller: await this.caller(principal), id }));
  }

  /** Stops working on every gateway within 1 s, with the access tokens exchanged for it. */
  @Delete(':id')
  @RequirePermissions('api-keys:write')
  @HttpCode(204)
  async revoke(@Param('id', keyId) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.bus.call(ApiKeyPatterns.revoke, { caller: await this.caller(principal), id });
  }

  /** A new secret for the same key id (shown once); the previous one works for `graceSeconds` more. */
  @Post(':id/roll')
  @RequirePermissions('api-keys:write')
  @HttpCode(200)
  async roll(
    @Param('id', keyId) id: string,
    @Body() body: RollApiKeyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ApiKeyWithSecret> {
    return this.bus.call(ApiKeyPatterns.roll, {
      caller: await this.caller(principal),
      id,
      graceSeconds: body?.graceSeconds ?? 0,
    });
  }

  private async view(key: ApiKeyDto): Promise<ApiKeyView> {
    return { ...key, remaining: key.quota ? await this.limits.quotaRemaining(key.id, key.quota) : null };
  }

  /** Within the key's scopes when one is acting (directly or through an exchanged token): its ceiling everywhere here. */
  private async caller(principal: Principal): Promise<ApiKeyCaller> {
    const permissions = await this.permissions.permissionsOf(principal);
    const scopes = principal.kind === 'agent' ? undefined : principal.scopes;
    return {
      userId: principal.userId,
      isAdmin: permissions.includes('api-keys:scope-all'),
      ...(scopes ? { scopes } : {}),
    };
  }
}
