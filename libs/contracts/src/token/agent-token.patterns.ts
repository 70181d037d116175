import { z } from 'zod';
import { AGENT_TOKEN_MAX_TTL_SECONDS } from '../agents/agent-token-claims';
import { rpc } from '../common/rpc-definition';
import { objectOf, uuid } from '../common/schema-helpers';

/**
 * Mints an agent token (claims: libs/contracts agents/agent-token-claims.ts) with the token app's
 * active key. The caller (the agent-capability app) has already decided the grant; the token app
 * only checks the shape and signs. `depth` is `chain.length + 1`; `act` is built from `userId` and
 * `chain`. VALIDATION_FAILED (details.field) for a malformed field.
 */
export interface SignAgentTokenRequest {
  /** Without the `agt_` prefix; letters, digits, `-`, at most 64. */
  agentId: string;
  /** UUID of the person the chain acts for. */
  userId: string;
  /** UUID of the user session the chain descends from (`sid`). */
  sessionId: string;
  /** Kebab-case catalog id, e.g. `code-reviewer`. */
  agentType: string;
  /** `resource:action` each, signed as the space-separated `scope`. */
  capabilities: string[];
  /** Ancestor agent ids, root first; empty for an agent a user started. */
  chain: string[];
  /** Default and ceiling: AGENT_TOKEN_MAX_TTL_SECONDS (1 h). */
  ttlSeconds?: number;
  /** Epoch seconds the token must not outlive (a delegation passes the parent's `exp`); must be in the future. */
  notAfter?: number;
}

export interface SignAgentTokenReply {
  agentToken: string;
  jti: string;
  expiresIn: number;
  /** Epoch seconds. */
  expiresAt: number;
}

const agentId = () => z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be 1–64 letters, digits or dashes');

export const signAgentTokenRequestSchema = objectOf<SignAgentTokenRequest>()({
  agentId: agentId(),
  userId: uuid(),
  sessionId: uuid(),
  agentType: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case type id'),
  capabilities: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]*:[a-z0-9][a-z0-9-]*$/, 'must be resource:action'))
    .transform((caps) => [...new Set(caps)]),
  // Far above AGENT_MAX_DELEGATION_DEPTH; the agent-capability app enforces the real limit.
  chain: z.array(agentId()).max(16),
  ttlSeconds: z.number().int().min(1).max(AGENT_TOKEN_MAX_TTL_SECONDS).optional(),
  notAfter: z.number().finite().optional(),
});

export const signAgentTokenReplySchema = objectOf<SignAgentTokenReply>()({
  agentToken: z.string(),
  jti: z.string(),
  expiresIn: z.number(),
  expiresAt: z.number(),
});

export const AgentTokenPatterns = {
  sign: rpc('token.agents.sign', { payload: signAgentTokenRequestSchema, reply: signAgentTokenReplySchema }),
};
