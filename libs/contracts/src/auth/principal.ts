import { ActorClaim } from '../agents/agent-token-claims';
import { ApiKeyQuota, ApiKeyRateLimit } from '../token/dto/api-key.dto';
import { RoleName } from '../user/roles';

/** A person, authenticated by a user access token (header `typ: JWT`). */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  sessionId: string;
  jti: string;
  /** Access-token expiry, epoch seconds. */
  exp: number;
  /** As frozen into the token; permission checks read the user's current roles instead. */
  roles: RoleName[];
  /** Issued-at, epoch seconds: a user-wide revocation ends the tokens issued at or before it. */
  iat?: number;
  /** The token's `scope` claim, if it has one (exchanged for an API key): a ceiling on the user's permissions. */
  scopes?: string[];
  /**
   * A token exchanged for an API key (`scopes` set, `sessionId` = the key id) counts against that
   * key's own rate limit and quota, as the key would: signed into the token as `key_limits`.
   */
  keyLimits?: ApiKeyLimits;
  /**
   * For a token exchanged for an API key: when (epoch s) the secret it was exchanged for became
   * current (`key_gen`). A key roll's cut-off compares this, not `iat`.
   */
  keyGeneration?: number;
}

/** An API key's own limits (null: the `api-key` tier's default rate / no quota). */
export interface ApiKeyLimits {
  rateLimit: ApiKeyRateLimit | null;
  quota: ApiKeyQuota | null;
}

/**
 * An AI agent acting for a user (or for another agent), authenticated by an agent token (header
 * `typ: agent+jwt`, see agent-token-claims.ts). It holds capabilities, never the user's permissions.
 */
export interface AgentPrincipal {
  kind: 'agent';
  /** Without the `agt_` prefix the token's `sub` carries. */
  agentId: string;
  /** The person every agent of the chain traces back to. */
  userId: string;
  /** The user session the chain descends from. */
  sessionId: string;
  jti: string;
  exp: number;
  iat?: number;
  agentType: string;
  capabilities: string[];
  /** 1 for an agent a user started, 2 for its child, … */
  depth: number;
  /**
   * Ancestor agent ids, root first, this agent excluded (empty at depth 1). Read from the token's
   * `act` nesting, so a gateway can refuse a token whose ancestor was revoked without a lookup.
   */
  chain: string[];
  /** The RFC 8693 actor claim as signed (outermost = the parent, innermost = the user). */
  act: ActorClaim;
}

/** A machine, authenticated by an `X-API-Key`; its permissions are its scopes ∩ the owner's current ones. */
export interface ApiKeyPrincipal {
  kind: 'api-key';
  keyId: string;
  /** The key's owner. */
  userId: string;
  /** The key's scopes as the token app last verified them (already cut to the owner's permissions then). */
  scopes: string[];
  /** Epoch seconds after which this key string stops working; absent if it never expires. */
  exp?: number;
  /** The key's own rate limit and quota, which the gateway's limiter applies (null: the defaults / none). */
  rateLimit?: ApiKeyRateLimit | null;
  quota?: ApiKeyQuota | null;
}

/** The caller, as the gateway established it: a tagged union, switch on `kind`. */
export type Principal = UserPrincipal | AgentPrincipal | ApiKeyPrincipal;
export type PrincipalKind = Principal['kind'];

/** The person a principal acts for (itself, the agent chain's user, the key's owner). */
export const userIdOf = (principal: Principal): string => principal.userId;

/** The user session a principal descends from; API keys have none. */
export const sessionIdOf = (principal: Principal): string | undefined =>
  principal.kind === 'api-key' ? undefined : principal.sessionId;

export const isUserPrincipal = (principal: Principal): principal is UserPrincipal => principal.kind === 'user';
export const isAgentPrincipal = (principal: Principal): principal is AgentPrincipal => principal.kind === 'agent';
export const isApiKeyPrincipal = (principal: Principal): principal is ApiKeyPrincipal => principal.kind === 'api-key';
