import { FastifyRequest } from 'fastify';
import { LimitedCaller } from './limited-caller';

/** What the authentication step leaves on a request, as far as the limits care. */
interface Authenticated {
  principal?: {
    kind?: string;
    userId?: string;
    roles?: readonly string[];
    agentId?: string;
    keyId?: string;
    rateLimit?: unknown;
    quota?: unknown;
  };
}

/** The caller a request counts against, from what authentication established (anonymous on public routes). */
export function callerOf(request: FastifyRequest): LimitedCaller {
  const principal = (request as FastifyRequest & Authenticated).principal;
  if (!principal?.userId) return { kind: 'anonymous' };
  if (principal.kind === 'api-key' && principal.keyId) {
    return {
      kind: 'api-key',
      keyId: principal.keyId,
      ownerId: principal.userId,
      rateLimit: (principal.rateLimit ?? null) as Extract<LimitedCaller, { kind: 'api-key' }>['rateLimit'],
      quota: (principal.quota ?? null) as Extract<LimitedCaller, { kind: 'api-key' }>['quota'],
    };
  }
  if (principal.kind === 'agent' && principal.agentId)
    return { kind: 'agent', agentId: principal.agentId, userId: principal.userId };
  return { kind: 'user', userId: principal.userId, roles: principal.roles ?? [] };
}
