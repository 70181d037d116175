import { Controller, Get, Header } from '@nestjs/common';
import { JwkSet } from '@portcullis/contracts';
import { JwksCache } from '../auth/jwks.cache';
import { Public } from '../auth/public.decorator';
import { ApiReply } from '../docs/api-responses.decorator';
import { jwkSetExample } from '../docs/reply-examples';

/** The standard JWK Set, so any resource server can verify our access tokens with a JOSE library. */
@Controller('.well-known')
export class JwksController {
  constructor(private readonly jwks: JwksCache) {}

  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiReply(200, 'JwkSet', jwkSetExample)
  async jwksJson(): Promise<JwkSet> {
    await this.jwks.ensure();
    return this.jwks.current;
  }
}
