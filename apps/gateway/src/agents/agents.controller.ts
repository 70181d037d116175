import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError, OncePer } from '@portcullis/common';
import {
  AgentApprovalPending,
  AgentDecisionPage,
  AgentGrantReply,
  AgentNode,
  AgentPatterns,
  AgentPrincipal,
  ErrorCode,
  Principal,
  RoleName,
  UserPrincipal,
} from '@portcullis/contracts';
import { FastifyReply } from 'fastify';
import { AuthenticateWith } from '../auth/authenticate-with.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { AGENT_JWT_STRATEGY, JWT_STRATEGY } from '../auth/strategies/strategy-names';
import { PermissionChecker } from '../rbac/permission-checker';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { ApiReply } from '../docs/api-responses.decorator';
import { RequireCapabilities } from '../rbac/require-capabilities.decorator';
import { AGENT_ID, AuthenticateAgentBody, DecisionsQuery, DelegateAgentBody, ListAgentsQuery } from './agents.dto';

const approvalId = new ParseUUIDPipe({
  exceptionFactory: () => new AppError(ErrorCode.AGENT_APPROVAL_NOT_FOUND, 'No such approval, or it expired'),
});

/** A malformed id is a 404 like a missing one, so ids cannot be probed. */
function agentId(raw: string): string {
  if (!AGENT_ID.test(raw)) throw new AppError(ErrorCode.AGENT_NOT_FOUND, 'No such agent');
  return raw;
}

const userOf = (p: Principal) => p as UserPrincipal;

/** Power over everyone's agents (admin), as DESIGN's "the delegating user or an admin". */
const AGENTS_SCOPE_ALL = 'agents:scope-all';
/** The roles the agent app reads as admin (agent-record.ts). */
const ADMIN_ROLES: ReadonlySet<RoleName> = new Set<RoleName>(['admin', 'super_admin']);

/**
 * An agent's `/agents/me`, made once per principal and frozen: a verified token keeps one principal
 * object (AccessTokenVerifier's cache), so the token's requests share one answer, and the data
 * plane sends its JSON made once (reusedAnswers).
 */
const agentMe = new OncePer((agent: AgentPrincipal) =>
  Object.freeze({
    agentId: `agt_${agent.agentId}`,
    userId: agent.userId,
    agentType: agent.agentType,
    capabilities: Object.freeze([...agent.capabilities]),
    depth: agent.depth,
    chain: Object.freeze([agent.userId, ...agent.chain.map((id) => `agt_${id}`), `agt_${agent.agentId}`]),
    expiresAt: new Date(agent.exp * 1000).toISOString(),
  }),
);

/**
 * Agents (DESIGN §3): a person obtains a first-level agent token with a user token; an agent
 * delegates and renews with its own agent token (a user token there, or the reverse, is a 401).
 */
@Controller('agents')
export class AgentsController {
  constructor(
    private readonly bus: BusClient,
    private readonly permissions: PermissionChecker,
  ) {}

  /**
   * The person's current roles (the cached user view, dropped on every change), not those frozen in
   * the access token: a demoted admin must not approve, list or revoke as one, nor a demoted user's
   * new agent get the old role's ceiling, for the rest of the token's life.
   */
  private async caller(principal: Principal): Promise<{ userId: string; roles: RoleName[] }> {
    const { roles } = await this.permissions.view(principal);
    return { userId: principal.userId, roles: roles };
  }

  /**
   * The caller of a management call (approve, deny, collect, list, revoke, decisions), for whom the
   * agent app reads admin roles as power over everyone's agents. That power comes with
   * `agents:scope-all`, as `api-keys:scope-all` gives it over keys: a key, or a token exchanged for
   * one, holds it only within its scopes, so an admin's key scoped to `agents:authenticate` manages
   * its owner's agents alone.
   */
  private async manager(principal: Principal): Promise<{ userId: string; roles: RoleName[] }> {
    const { roles, permissions } = await this.permissions.effectiveView(principal);
    if (permissions.includes(AGENTS_SCOPE_ALL)) return { userId: principal.userId, roles };
    return { userId: principal.userId, roles: roles.filter((role) => !ADMIN_ROLES.has(role)) };
  }

  /**
   * 200 with a token, or 202 with an approval id when a requested capability is critical. A user
   * token only (DESIGN: "user token"), as for collecting an approval: an agent descends from the
   * session it was obtained in, so that ending the session ends it. A key's own token from
   * `/tokens` is one (its session is the key). The management routes below take a bare
   * `X-API-Key` as any route does, within the key's scopes.
   */
  @Post('authenticate')
  @AuthenticateWith(JWT_STRATEGY)
  @RequirePermissions('agents:authenticate')
  @HttpCode(200)
  async authenticate(
    @Body() body: AuthenticateAgentBody,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentGrantReply | AgentApprovalPending> {
    const { roles } = await this.caller(principal);
    const result = await this.bus.call(AgentPatterns.authenticate, {
      owner: { userId: principal.userId, sessionId: userOf(principal).sessionId, roles },
      ...body,
    });
    void reply.header('Cache-Control', 'no-store');
    if (result.status === 'pending') {
      void reply.status(202);
      return result.approval;
    }
    return result.grant;
  }

  @Post('approvals/:id/approve')
  @RequirePermissions('agents:authenticate')
  @HttpCode(204)
  async approve(@Param('id', approvalId) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.bus.call(AgentPatterns.approve, { approvalId: id, caller: await this.manager(principal) });
  }

  @Post('approvals/:id/deny')
  @RequirePermissions('agents:authenticate')
  @HttpCode(204)
  async deny(@Param('id', approvalId) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.bus.call(AgentPatterns.deny, { approvalId: id, caller: await this.manager(principal) });
  }

  @Post('approvals/:id/token')
  @AuthenticateWith(JWT_STRATEGY)
  @RequirePermissions('agents:authenticate')
  @HttpCode(200)
  async collect(
    @Param('id', approvalId) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentGrantReply> {
    void reply.header('Cache-Control', 'no-store');
    // The requester's own approval: its current roles are the ceiling, as at authenticate.
    return this.bus.call(AgentPatterns.collect, { approvalId: id, caller: await this.caller(principal) });
  }

  /** Who this agent is, as its token says: the cheapest agent-token route (the benchmark's). */
  @Get('me')
  @AuthenticateWith(AGENT_JWT_STRATEGY)
  // Any live agent token: the grant itself bounds what a delegation or renewal may hold.
  @RequireCapabilities()
  @ApiReply(200, {
    type: 'object',
    properties: {
      agentId: { type: 'string', example: 'agt_5f0c…' },
      userId: { type: 'string', format: 'uuid' },
      agentType: { type: 'string', example: 'code-reviewer' },
      capabilities: { type: 'array', items: { type: 'string' } },
      depth: { type: 'integer' },
      chain: { type: 'array', items: { type: 'string' }, description: 'The person first, then root … this agent' },
      expiresAt: { type: 'string', format: 'date-time' },
    },
  })
  me(@CurrentPrincipal() principal: Principal) {
    return agentMe.of(principal as AgentPrincipal);
  }

  @Post('delegate')
  @AuthenticateWith(AGENT_JWT_STRATEGY)
  // Any live agent token: the grant itself bounds what a delegation or renewal may hold.
  @RequireCapabilities()
  @HttpCode(200)
  async delegate(
    @Body() body: DelegateAgentBody,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentGrantReply> {
    void reply.header('Cache-Control', 'no-store');
    return this.bus.call(AgentPatterns.delegate, {
      ...body,
      agentId: `agt_${(principal as AgentPrincipal).agentId}`,
      // The person's roles now, the child's ceiling (the parent's scope bounds it too).
      ownerRoles: (await this.caller(principal)).roles,
    });
  }

  @Post('renew')
  @AuthenticateWith(AGENT_JWT_STRATEGY)
  // Any live agent token: the grant itself bounds what a delegation or renewal may hold.
  @RequireCapabilities()
  @HttpCode(200)
  renew(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentGrantReply> {
    void reply.header('Cache-Control', 'no-store');
    return this.bus.call(AgentPatterns.renew, { agentId: `agt_${(principal as AgentPrincipal).agentId}` });
  }

  /** Own live agents as trees; admins may name `userId`. */
  @Get()
  @RequirePermissions('agents:authenticate')
  async list(@Query() query: ListAgentsQuery, @CurrentPrincipal() principal: Principal): Promise<AgentNode[]> {
    return this.bus.call(AgentPatterns.list, { caller: await this.manager(principal), userId: query.userId });
  }

  /** That agent and every descendant stop working on every gateway within a second. */
  @Delete(':agentId')
  @RequirePermissions('agents:authenticate')
  @HttpCode(204)
  async revoke(@Param('agentId') raw: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.bus.call(AgentPatterns.revoke, { agentId: agentId(raw), caller: await this.manager(principal) });
  }

  @Get(':agentId/decisions')
  @RequirePermissions('agents:authenticate')
  async decisions(
    @Param('agentId') raw: string,
    @Query() query: DecisionsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AgentDecisionPage> {
    return this.bus.call(AgentPatterns.decisions, {
      agentId: agentId(raw),
      caller: await this.manager(principal),
      page: query.page,
      limit: query.limit,
    });
  }
}
