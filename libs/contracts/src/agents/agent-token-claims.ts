/**
 * Agent tokens (DESIGN §3 "Agents"): JWTs signed RS256 by the token app with the same JWKS as user
 * access tokens, told apart by the protected header's `typ`, so neither is accepted for the other.
 *
 * Ancestry: there is no separate `anc` claim; the chain is derived from the RFC 8693 `act` nesting,
 * which DESIGN already requires and which is signed, so the two can never disagree. For an agent a
 * user started, `act = {sub: <userId>}`; each delegation wraps the parent around it:
 *
 *   depth 1  sub agt_A  act {sub: U}
 *   depth 2  sub agt_B  act {sub: agt_A, act: {sub: U}}
 *   depth 3  sub agt_C  act {sub: agt_B, act: {sub: agt_A, act: {sub: U}}}
 *
 * So `act` walked outside-in is parent, grandparent, …, user; `chain` (root first) is its reverse
 * without the user, and `depth === chain.length + 1`. Mint with `actorClaimFor(userId, chain)`.
 */
export const USER_TOKEN_TYP = 'JWT';
export const AGENT_TOKEN_TYP = 'agent+jwt';
export const AGENT_SUBJECT_PREFIX = 'agt_';
/** DESIGN: an agent token lives at most 1 h. */
export const AGENT_TOKEN_MAX_TTL_SECONDS = 3600;
/** Far above AGENT_MAX_DELEGATION_DEPTH; only bounds the walk over a (signed) nesting. */
const MAX_ACT_NESTING = 32;

/** RFC 8693 §4.1 actor claim. */
export interface ActorClaim {
  sub: string;
  act?: ActorClaim;
}

/** The payload of an agent token, exactly as signed. */
export interface AgentTokenClaims {
  iss: string;
  aud: string;
  /** `agt_<agentId>` */
  sub: string;
  jti: string;
  iat: number;
  exp: number;
  agent_type: string;
  /** Capabilities, space-separated (RFC 8693 / OAuth `scope`). */
  scope: string;
  /** The user session the chain descends from. */
  sid: string;
  depth: number;
  act: ActorClaim;
}

/** What a verified agent token says, in the AgentPrincipal's terms (without `kind`). */
export interface AgentTokenFacts {
  agentId: string;
  userId: string;
  sessionId: string;
  jti: string;
  iat: number;
  exp: number;
  agentType: string;
  capabilities: string[];
  depth: number;
  chain: string[];
  act: ActorClaim;
}

export const agentSubject = (agentId: string): string => `${AGENT_SUBJECT_PREFIX}${agentId}`;

/** The `act` claim for an agent of `userId` whose ancestors are `chain` (agent ids, root first). */
export function actorClaimFor(userId: string, chain: readonly string[]): ActorClaim {
  return chain.reduce<ActorClaim>((inner, agentId) => ({ sub: agentSubject(agentId), act: inner }), { sub: userId });
}

/** Capabilities as the `scope` claim carries them. */
export const scopeOf = (capabilities: readonly string[]): string => capabilities.join(' ');

/**
 * Reads a signature-verified payload as an agent token. Null for anything malformed: a missing or
 * mistyped claim, a `sub` without `agt_`, an `act` whose nesting does not end in a user or does not
 * match `depth`, or a lifetime over 1 h. Signature, `iss`, `aud` and expiry are the verifier's job.
 */
export function parseAgentTokenClaims(payload: Record<string, unknown>): AgentTokenFacts | null {
  const { sub, jti, iat, exp, agent_type: agentType, scope, sid, depth, act } = payload;
  if (typeof sub !== 'string' || !sub.startsWith(AGENT_SUBJECT_PREFIX) || sub.length === AGENT_SUBJECT_PREFIX.length)
    return null;
  if (typeof jti !== 'string' || !jti || typeof sid !== 'string' || !sid || typeof agentType !== 'string' || !agentType)
    return null;
  if (typeof scope !== 'string' || !isEpoch(iat) || !isEpoch(exp) || exp - iat > AGENT_TOKEN_MAX_TTL_SECONDS)
    return null;
  if (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 1) return null;
  const walked = walkActors(act);
  if (!walked || walked.ancestors.length + 1 !== depth) return null;
  return {
    agentId: sub.slice(AGENT_SUBJECT_PREFIX.length),
    userId: walked.userId,
    sessionId: sid,
    jti,
    iat,
    exp,
    agentType,
    capabilities: scope.split(' ').filter((c) => c.length > 0),
    depth,
    chain: walked.ancestors.reverse(),
    act: act as ActorClaim,
  };
}

/** Outside-in: agent ancestors (parent first), then the user the innermost level names. */
function walkActors(act: unknown): { ancestors: string[]; userId: string } | null {
  const ancestors: string[] = [];
  let level = act;
  for (let i = 0; i < MAX_ACT_NESTING; i++) {
    if (typeof level !== 'object' || level === null) return null;
    const { sub, act: inner } = level as { sub?: unknown; act?: unknown };
    if (typeof sub !== 'string' || !sub) return null;
    if (inner === undefined) return sub.startsWith(AGENT_SUBJECT_PREFIX) ? null : { ancestors, userId: sub };
    if (!sub.startsWith(AGENT_SUBJECT_PREFIX) || sub.length === AGENT_SUBJECT_PREFIX.length) return null;
    ancestors.push(sub.slice(AGENT_SUBJECT_PREFIX.length));
    level = inner;
  }
  return null;
}

function isEpoch(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
