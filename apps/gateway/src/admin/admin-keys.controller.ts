import { Controller, HttpCode, Post } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { domainEvent } from '@portcullis/common';
import { Events, Principal, RequestMeta, RotateSigningKeyReply, TokenPatterns } from '@portcullis/contracts';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Meta } from '../http/request-meta.decorator';
import { RequirePermissions } from '../rbac/require-permissions.decorator';

@Controller('admin/keys')
export class AdminKeysController {
  constructor(private readonly bus: BusClient) {}

  /** New signing key; old keys stay in the JWKS until every token they signed has expired. */
  @Post('rotate')
  @RequirePermissions('keys:rotate')
  @HttpCode(200)
  async rotate(@CurrentPrincipal() principal: Principal, @Meta() meta: RequestMeta): Promise<RotateSigningKeyReply> {
    const reply = await this.bus.call(TokenPatterns.rotateSigningKey, {});
    await this.bus.publish(
      Events.signingKeyRotated,
      domainEvent(Events.signingKeyRotated, { subject: { type: 'system', id: reply.kid }, actor: { type: 'user', id: principal.userId }, data: { kid: reply.kid }, meta }),
    );
    return reply;
  }
}
