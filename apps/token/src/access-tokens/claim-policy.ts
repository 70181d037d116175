import {
  actorClaimFor,
  AGENT_TOKEN_MAX_TTL_SECONDS,
  AGENT_TOKEN_TYP,
  agentSubject,
  ApiKeyLimits,
  scopeOf,
  USER_TOKEN_TYP,
} from '@portcullis/contracts';
import { TokenSettings } from '../config/token.config';

/**
 * What one kind of token says: its header `typ`, its longest life, and its own claims (`sub` and
 * the rest). The signer adds what every kind shares (`iss`, `aud`, `jti`, `iat`, `exp`), so a new
 * kind of token is a new policy, not a second copy of the signing code.
 */
export interface ClaimPolicy<S> {
  readonly name: string;
  readonly typ: string;
  maxTtlSeconds(settings: TokenSettings): number;
  claims(subject: S): { sub: string } & Record<string, unknown>;
}

export interface AccessTokenSubject {
  userId: string;
  roles: string[];
  sessionId: string;
  /**
   * Permissions this token is limited to (API-key exchange), signed as the space-separated `scope`
   * claim; absent, the token carries the owner's roles' permissions, as a login's does.
   */
  scope?: string[];
  /** The exchanged key's own limits, signed as `key_limits` so the token counts against them as the key does. */
  keyLimits?: ApiKeyLimits;
  /**
   * When (epoch s) the exchanged key's secret became current, signed as `key_gen`: a roll's cut-off
   * compares it instead of `iat`, so an exchange racing a roll cannot outlive it.
   */
  keyGeneration?: number;
  /** Epoch seconds the token must not outlive (the API key it was exchanged for). */
  notAfter?: number;
}

/** DESIGN §3 "Accounts and sessions": `sub`, `roles`, `sid` (and `scope`, `key_limits`, `key_gen` for an exchanged key). */
export const userAccessPolicy: ClaimPolicy<AccessTokenSubject> = {
  name: 'user-access',
  typ: USER_TOKEN_TYP,
  maxTtlSeconds: (settings) => settings.accessTokenTtlSeconds,
  claims: (s) => ({
    sub: s.userId,
    roles: s.roles,
    sid: s.sessionId,
    ...(s.scope ? { scope: s.scope.join(' ') } : {}),
    ...(s.keyLimits ? { key_limits: s.keyLimits } : {}),
    ...(s.keyGeneration !== undefined ? { key_gen: s.keyGeneration } : {}),
  }),
};

export interface AgentTokenSubject {
  agentId: string;
  userId: string;
  sessionId: string;
  agentType: string;
  capabilities: string[];
  /** Ancestor agent ids, root first. */
  chain: string[];
}

/** DESIGN §3 "Agents": `sub` agt_<id>, `agent_type`, `scope`, `sid`, `depth`, RFC 8693 `act`; at most 1 h. */
export const agentPolicy: ClaimPolicy<AgentTokenSubject> = {
  name: 'agent',
  typ: AGENT_TOKEN_TYP,
  maxTtlSeconds: () => AGENT_TOKEN_MAX_TTL_SECONDS,
  claims: (s) => ({
    sub: agentSubject(s.agentId),
    agent_type: s.agentType,
    scope: scopeOf(s.capabilities),
    sid: s.sessionId,
    depth: s.chain.length + 1,
    act: actorClaimFor(s.userId, s.chain),
  }),
};
