import { domainEvent } from '@portcullis/common';
import { CapabilityDenial, DomainEvent, Events } from '@portcullis/contracts';
import { actorChainOf, AgentRecord, ApprovalRecord, publicAgentId } from './agent-record';

/**
 * The agent events (DESIGN §3). Subject is the person (their webhooks receive them), actor the
 * agent that acted (or the person, for a first grant); `actorChain` lets the audit trail answer
 * "what did this agent do, for whom". Never a token in `data`. The request's origin (`meta`) is
 * domainEvent's to fill, from the context.
 */
const about = (a: AgentRecord, actor?: DomainEvent['actor']) => ({
  subject: { type: 'user' as const, id: a.userId },
  actor: actor ?? { type: 'agent' as const, id: publicAgentId(a) },
});

const iso = (d: Date) => d.toISOString();

export const agentEvents = {
  authenticated: (a: AgentRecord, denied: CapabilityDenial[]): DomainEvent =>
    domainEvent(Events.agentAuthenticated, {
      ...about(a, { type: 'user', id: a.userId }),
      data: {
        agentId: publicAgentId(a),
        actorChain: actorChainOf(a),
        agentType: a.agentType,
        sessionId: a.sessionId,
        granted: a.capabilities,
        denied,
        expiresAt: iso(a.expiresAt),
      },
    }),
  delegated: (a: AgentRecord, denied: CapabilityDenial[]): DomainEvent =>
    domainEvent(Events.agentDelegated, {
      ...about(a, { type: 'agent', id: `agt_${a.parentId}` }),
      data: {
        agentId: publicAgentId(a),
        actorChain: actorChainOf(a),
        parentId: `agt_${a.parentId}`,
        agentType: a.agentType,
        depth: a.depth,
        granted: a.capabilities,
        denied,
        expiresAt: iso(a.expiresAt),
      },
    }),
  renewed: (a: AgentRecord, expiresAt: Date): DomainEvent =>
    domainEvent(Events.agentRenewed, {
      ...about(a),
      data: { agentId: publicAgentId(a), actorChain: actorChainOf(a), expiresAt: iso(expiresAt) },
    }),
  /** One event per tree that ended (the agents whose parent did not end with them). */
  revoked: (revoked: AgentRecord[], reason: string, actor: DomainEvent['actor']): DomainEvent[] => {
    const ids = new Set(revoked.map((a) => a.id));
    return revoked
      .filter((a) => !a.parentId || !ids.has(a.parentId))
      .map((top) =>
        domainEvent(Events.agentRevoked, {
          ...about(top, actor),
          data: {
            agentId: publicAgentId(top),
            actorChain: actorChainOf(top),
            reason,
            revoked: revoked.filter((a) => a.id === top.id || a.ancestors.includes(top.id)).map(publicAgentId),
          },
        }),
      );
  },
  capabilityDenied: (
    who: { userId: string; parent?: AgentRecord },
    agentType: string,
    denied: CapabilityDenial[],
  ): DomainEvent =>
    domainEvent(Events.agentCapabilityDenied, {
      subject: { type: 'user', id: who.userId },
      actor: who.parent ? { type: 'agent', id: publicAgentId(who.parent) } : { type: 'user', id: who.userId },
      data: {
        agentId: who.parent ? publicAgentId(who.parent) : null,
        actorChain: who.parent ? actorChainOf(who.parent) : [who.userId],
        agentType,
        denied,
      },
    }),
  approvalRequested: (r: ApprovalRecord): DomainEvent =>
    domainEvent(Events.agentApprovalRequested, {
      subject: { type: 'user', id: r.userId },
      actor: { type: 'user', id: r.userId },
      data: {
        approvalId: r.id,
        agentType: r.agentType,
        capabilities: [...r.granted, ...r.needsApproval].sort(),
        needsApproval: r.needsApproval,
        expiresAt: iso(r.expiresAt),
      },
    }),
  approvalDecided: (r: ApprovalRecord, decision: 'approved' | 'denied', by: string): DomainEvent =>
    domainEvent(Events.agentApprovalDecided, {
      subject: { type: 'user', id: r.userId },
      actor: { type: 'user', id: by },
      data: { approvalId: r.id, decision, decidedBy: by },
    }),
  budgetExhausted: (a: AgentRecord, capability: string, exhaustedAgentId: string): DomainEvent =>
    domainEvent(Events.agentBudgetExhausted, {
      ...about(a),
      data: { agentId: publicAgentId(a), actorChain: actorChainOf(a), capability, exhaustedAgentId },
    }),
};
