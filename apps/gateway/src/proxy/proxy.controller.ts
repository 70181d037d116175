import { All, Controller, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { Principal } from '@portcullis/contracts';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RateLimitDeferred } from '../rate-limit/rate-limit.decorator';
import { RequireCapabilities } from '../rbac/require-capabilities.decorator';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { ProxyService } from './proxy.service';

/** ANY /proxy/:apiId/* (DESIGN §3). What a caller may do is checked per API and route in ProxyAccess. */
@Controller('proxy')
export class ProxyController {
  constructor(private readonly proxy: ProxyService) {}

  @All([':apiId', ':apiId/*'])
  // Empty on both: user JWT, agent token and X-API-Key all authenticate; ProxyAccess checks per API and route.
  @RequirePermissions()
  @RequireCapabilities()
  // The caller's limits and the upstream's are decided together, once the API is known.
  @RateLimitDeferred()
  @ApiExcludeEndpoint()
  forward(
    @Param('apiId') apiId: string,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.proxy.forward(apiId, principal, request, reply);
  }
}
