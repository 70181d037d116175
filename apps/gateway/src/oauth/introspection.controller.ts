import { Body, Controller, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { AgentPrincipal, ErrorCode, UserPrincipal } from '@portcullis/contracts';
import { AccessTokenVerifier } from '../auth/access-token.verifier';
import { AuthenticateWith } from '../auth/authenticate-with.decorator';
import { AGENT_JWT_STRATEGY, API_KEY_STRATEGY, JWT_STRATEGY } from '../auth/strategies/strategy-names';
import { ApiReply } from '../docs/api-responses.decorator';
import { RequireCapabilities } from '../rbac/require-capabilities.decorator';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { OAUTH_SETTINGS, OAuthSettings } from './oauth-settings';

/** RFC 7662 §2.2: `active` and, for an active token, what it says. */
export interface Introspection {
  active: boolean;
  [claim: string]: unknown;
}

const INACTIVE: Introspection = Object.freeze({ active: false });
/** As long as any token we sign; longer is not a token of ours. */
const TOKEN_MAX_LENGTH = 8192;

/**
 * RFC 7662 token introspection for resource servers that would rather ask than verify: is this
 * access token or agent token active now, and what does it hold? Answered here, from the same
 * checks every request gets (signature, expiry, revocation of its session, user and, for an agent,
 * of every ancestor), so it needs no hop. The caller authenticates like any caller (RFC 7662 §2.1):
 * a user token, an agent token or an API key. A token that fails any check is `{active: false}`,
 * never a reason (§2.2). Form-encoded as the RFC has it; JSON is read too.
 */
@Controller('oauth')
export class IntrospectionController {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    @Inject(OAUTH_SETTINGS) private readonly settings: OAuthSettings,
  ) {}

  @Post('introspect')
  @AuthenticateWith(JWT_STRATEGY, AGENT_JWT_STRATEGY, API_KEY_STRATEGY)
  // Any authenticated caller: the answer is about the token presented, not about the caller.
  @RequirePermissions()
  @RequireCapabilities()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiReply(
    200,
    {
      type: 'object',
      required: ['active'],
      properties: {
        active: { type: 'boolean' },
        token_type: { type: 'string', enum: ['Bearer'] },
        sub: { type: 'string' },
        scope: { type: 'string' },
        exp: { type: 'integer' },
        iat: { type: 'integer' },
        jti: { type: 'string' },
        iss: { type: 'string' },
        aud: { type: 'string' },
        sid: { type: 'string' },
        agent_type: { type: 'string' },
        depth: { type: 'integer' },
        act: { type: 'object', additionalProperties: true },
      },
    },
    { active: true, token_type: 'Bearer', sub: 'agt_5f0c…', scope: 'file:read', exp: 1796004836 },
  )
  async introspect(@Body() body: unknown): Promise<Introspection> {
    const token = tokenOf(body);
    let principal: UserPrincipal | AgentPrincipal;
    try {
      principal = await this.verifier.verifyAny(token);
    } catch {
      return INACTIVE;
    }
    return principal.kind === 'agent' ? this.agentClaims(principal) : this.userClaims(principal);
  }

  private userClaims(user: UserPrincipal): Introspection {
    return {
      active: true,
      token_type: 'Bearer',
      sub: user.userId,
      ...(user.scopes ? { scope: user.scopes.join(' ') } : {}),
      exp: user.exp,
      ...(user.iat !== undefined ? { iat: user.iat } : {}),
      jti: user.jti,
      iss: this.settings.issuer,
      aud: this.settings.audience,
      sid: user.sessionId,
      roles: user.roles,
    };
  }

  private agentClaims(agent: AgentPrincipal): Introspection {
    return {
      active: true,
      token_type: 'Bearer',
      sub: `agt_${agent.agentId}`,
      scope: agent.capabilities.join(' '),
      exp: agent.exp,
      ...(agent.iat !== undefined ? { iat: agent.iat } : {}),
      jti: agent.jti,
      iss: this.settings.issuer,
      aud: this.settings.audience,
      sid: agent.sessionId,
      agent_type: agent.agentType,
      depth: agent.depth,
      act: agent.act,
    };
  }
}

/** The `token` parameter (RFC 7662 §2.1); other parameters (`token_type_hint`, a client's own) are ignored. */
function tokenOf(body: unknown): string {
  const token = (body as { token?: unknown } | null)?.token;
  if (typeof token === 'string' && token.length > 0 && token.length <= TOKEN_MAX_LENGTH) return token;
  throw new AppError(ErrorCode.VALIDATION_FAILED, 'token is required: the access or agent token to introspect', {
    errors: [{ field: 'token', messages: [`token must be a string of 1 to ${TOKEN_MAX_LENGTH} characters`] }],
  });
}
