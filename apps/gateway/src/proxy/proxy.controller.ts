import { All, Controller, Req, Res } from '@nestjs/common';
import { MaybePromise } from '@portcullis/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../auth/current-principal.decorator';
import { RateLimitDeferred } from '../rate-limit/rate-limit.decorator';
import { RequireCapabilities } from '../rbac/require-capabilities.decorator';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { ProxyService } from './proxy.service';

/**
 * ANY /proxy/:apiId/* (DESIGN §3). What a caller may do is checked per API and route in ProxyAccess.
 * Declared here, run on the gateway's data plane (http/data-plane-routes.ts), without Nest's router.
 */
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
  forward(@Req() request: FastifyRequest, @Res() reply: FastifyReply): MaybePromise<void> {
    // The request and reply only: the data plane hands over nothing else, and the values are on the request.
    const { apiId } = request.params as { apiId: string };
    return this.proxy.forward(apiId, principalOf(request), request, reply);
  }
}
