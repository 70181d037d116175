import { Body, Controller, Get, Header, HttpCode, Inject, Post, Req, UseFilters } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AgentPatterns, AgentPrincipal, UserPrincipal } from '@portcullis/contracts';
import { FastifyRequest } from 'fastify';
import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { Public } from '../auth/public.decorator';
import { PermissionChecker } from '../rbac/permission-checker';
import { OAuthError, OAuthErrorFilter } from './oauth-error';
import { OAUTH_SETTINGS, OAuthSettings } from './oauth-settings';
import { ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE, parseTokenExchange, TOKEN_EXCHANGE_GRANT } from './token-exchange-request';

export interface TokenExchangeReply {
  access_token: string;
  issued_token_type: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/**
 * The standard door to agent grants (DESIGN §3): RFC 8693 token exchange at `POST /oauth/token`. A
 * user access token as the subject is `POST /agents/authenticate`; an agent token is
 * `/agents/delegate` (its type unless `agent_type` names another). Same policy, same events.
 */
@Controller('oauth')
export class OAuthController {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly bus: BusClient,
    private readonly permissions: PermissionChecker,
    @Inject(OAUTH_SETTINGS) private readonly settings: OAuthSettings,
  ) {}

  @Post('token')
  @Public()
  @HttpCode(200)
  @UseFilters(OAuthErrorFilter)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async token(@Body() body: Record<string, unknown>): Promise<TokenExchangeReply> {
    const request = parseTokenExchange(body);
    if (request.audience !== undefined && request.audience !== this.settings.audience)
      throw new OAuthError('invalid_target', `audience must be ${this.settings.audience}`);
    const subject = await this.subjectOf(request.subjectToken);
    const grant =
      subject.kind === 'agent'
        ? await this.bus.call(AgentPatterns.delegate, {
            agentId: `agt_${subject.agentId}`,
            ownerRoles: (await this.permissions.view(subject)).roles,
            agentType: request.agentType,
            capabilities: request.scope ?? subject.capabilities,
          })
        : await this.authenticate(subject, request.agentType, request.scope);
    return {
      access_token: grant.agentToken,
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      expires_in: grant.expiresIn,
      scope: grant.granted.join(' '),
    };
  }

  private async authenticate(user: UserPrincipal, agentType: string | undefined, scope: string[] | undefined) {
    if (!agentType)
      throw new OAuthError('invalid_request', 'agent_type is required when the subject_token is a user token');
    if (!scope?.length) throw new OAuthError('invalid_scope', 'scope must name at least one capability');
    // The route is public (the subject token is the credential), so the check /agents/authenticate's
    // guard makes is made here: the user's current permissions, within a key's scopes when the token
    // was exchanged for an API key. A refusal is unauthorized_client (oauthErrorFrom).
    await this.permissions.assert(user, ['agents:authenticate'], 'POST /oauth/token');
    // The role ceiling from the current roles, as /agents/authenticate takes it.
    const { roles } = await this.permissions.view(user);
    const result = await this.bus.call(AgentPatterns.authenticate, {
      owner: { userId: user.userId, sessionId: user.sessionId, roles: roles },
      agentType,
      capabilities: scope,
    });
    if (result.status === 'pending')
      throw new OAuthError(
        'invalid_scope',
        `A critical capability needs a person's approval first: approval ${result.approval.approvalId} (POST /agents/approvals/:id/token once approved)`,
      );
    return result.grant;
  }

  /** A user access token or an agent token, verified as on any route (revocation included). */
  private async subjectOf(token: string): Promise<UserPrincipal | AgentPrincipal> {
    try {
      return await this.verifier.verifyAny(token);
    } catch {
      throw new OAuthError('invalid_grant', 'The subject_token is invalid, expired or revoked');
    }
  }
}

/** RFC 8414 metadata, at the root like the JWKS. */
@Controller('.well-known')
export class OAuthMetadataController {
  constructor(@Inject(OAUTH_SETTINGS) private readonly settings: OAuthSettings) {}

  @Get('oauth-authorization-server')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  metadata(@Req() request: FastifyRequest): Record<string, unknown> {
    const base = `${request.protocol}://${request.host}`;
    return {
      issuer: this.settings.issuer,
      token_endpoint: `${base}/api/v1/oauth/token`,
      introspection_endpoint: `${base}/api/v1/oauth/introspect`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      grant_types_supported: [TOKEN_EXCHANGE_GRANT],
      token_endpoint_auth_methods_supported: ['none'],
      response_types_supported: [],
      token_types_supported: [ACCESS_TOKEN_TYPE, JWT_TOKEN_TYPE],
      service_documentation: `${base}/docs`,
    };
  }
}
