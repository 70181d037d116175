import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { BusClient } from '@portcullis/bus';
import { AppError } from '@portcullis/common';
import { ApiKeyPatterns, ErrorCode, ExchangeApiKeyReply } from '@portcullis/contracts';
import { FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator';
import { presentedApiKey } from './presented-api-key';

const KEY_HEADER = { name: 'X-API-Key', required: true, description: 'pk_<env>_<random>; never in the query string' };

/**
 * The key-for-token exchange (DESIGN §3, Kong's `/tokens`): `X-API-Key` → a short-lived access
 * token for the key's owner, limited to the key's scopes (its `scope` claim). GET is for clients
 * that cannot POST. Malformed, unknown, revoked and expired keys: 401 AUTH_INVALID_API_KEY alike.
 */
@Controller('tokens')
export class TokensController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @Public()
  @HttpCode(200)
  @ApiHeader(KEY_HEADER)
  exchange(@Req() request: FastifyRequest): Promise<ExchangeApiKeyReply> {
    return this.issue(request);
  }

  /** The same as POST. */
  @Get()
  @Public()
  @ApiHeader(KEY_HEADER)
  exchangeByGet(@Req() request: FastifyRequest): Promise<ExchangeApiKeyReply> {
    return this.issue(request);
  }

  private issue(request: FastifyRequest): Promise<ExchangeApiKeyReply> {
    const key = presentedApiKey(request);
    if (!key) throw new AppError(ErrorCode.AUTH_INVALID_API_KEY, 'Invalid API key');
    return this.bus.call(ApiKeyPatterns.exchange, { key });
  }
}
