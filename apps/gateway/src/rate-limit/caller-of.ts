import { Principal } from '@portcullis/contracts';
import { FastifyRequest } from 'fastify';
import { LimitedCaller } from './limited-caller';

/** The caller a request counts against, from what authentication established (anonymous on public routes). */
export function callerOf(request: FastifyRequest): LimitedCaller {
  const principal = (request as FastifyRequest & { principal?: Principal }).principal;
  switch (principal?.kind) {
    case 'user':
      // A token exchanged for an API key (POST /tokens) is that key at work: its sid is the key id.
      if (principal.scopes)
        return {
          kind: 'api-key',
          keyId: principal.sessionId,
          ownerId: principal.userId,
          rateLimit: principal.keyLimits?.rateLimit ?? null,
          quota: principal.keyLimits?.quota ?? null,
        };
      return { kind: 'user', userId: principal.userId, roles: principal.roles };
    case 'agent':
      return { kind: 'agent', agentId: principal.agentId, userId: principal.userId };
    case 'api-key':
      return {
        kind: 'api-key',
        keyId: principal.keyId,
        ownerId: principal.userId,
        rateLimit: principal.rateLimit ?? null,
        quota: principal.quota ?? null,
      };
    default:
      return { kind: 'anonymous' };
  }
}
