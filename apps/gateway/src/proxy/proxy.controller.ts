import { All, Controller, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { Principal } from '@portcullis/contracts';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { ProxyService } from './proxy.service';

/** ANY /proxy/:apiId/* (DESIGN §3). The permissions (proxy:use, the route's own) are checked per API in ProxyAccess. */
@Controller('proxy')
export class ProxyController {
  constructor(private readonly proxy: ProxyService) {}

  @All([':apiId', ':apiId/*'])
  @RequirePermissions()
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
