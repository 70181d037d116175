import { Body, Controller, Get, Put } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { Principal, RateLimitPolicyDto, SecurityPatterns } from '@portcullis/contracts';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { PutRateLimitsDto } from './dto/rate-limits.dto';

/**
 * The tier rate-limit policies (DESIGN §4), kept by the security app. A change reaches every
 * gateway replica through its broadcast at once (and within a minute should that be missed).
 */
@Controller('admin/rate-limits')
export class AdminRateLimitsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @RequirePermissions('rate-limits:read')
  list(): Promise<RateLimitPolicyDto[]> {
    return this.bus.call(SecurityPatterns.listRateLimitPolicies, {});
  }

  /** Answers every policy after the change. */
  @Put()
  @RequirePermissions('rate-limits:write')
  change(@Body() body: PutRateLimitsDto, @CurrentPrincipal() principal: Principal): Promise<RateLimitPolicyDto[]> {
    return this.bus.call(SecurityPatterns.putRateLimitPolicies, {
      policies: body.policies,
      actorId: principal.userId,
    });
  }
}
