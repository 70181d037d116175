import { Controller, HttpCode, Post } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { Principal, RotateSigningKeyReply, TokenPatterns } from '@portcullis/contracts';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { ApiReply } from '../docs/api-responses.decorator';
import { signingKeyRotatedExample } from '../docs/reply-examples';

@Controller('admin/keys')
export class AdminKeysController {
  constructor(private readonly bus: BusClient) {}

  /** New signing key; old keys stay in the JWKS until every token they signed has expired. */
  @Post('rotate')
  @RequirePermissions('keys:rotate')
  @HttpCode(200)
  @ApiReply(200, 'SigningKeyRotated', signingKeyRotatedExample)
  async rotate(@CurrentPrincipal() principal: Principal): Promise<RotateSigningKeyReply> {
    // The token app commits token.signing_key.rotated with the new key (its outbox).
    return this.bus.call(TokenPatterns.rotateSigningKey, { actorId: principal.userId });
  }
}
