import { DomainEvent } from '@portcullis/contracts';
import { AgentRecord, ApprovalRecord, ApprovalStatus, DecisionEntry } from '../../src/grants/agent-record';
import { AgentRepository, RevocationScope } from '../../src/grants/agent.repository';

/** The `agents` schema in memory; `events` collects what the outbox would publish. */
export class InMemoryAgentRepository extends AgentRepository {
  readonly agents = new Map<string, AgentRecord>();
  readonly approvals = new Map<string, ApprovalRecord>();
  readonly decisionLog: Array<DecisionEntry & { id: string; at: Date }> = [];
  readonly events: DomainEvent[] = [];
  private seq = 0;

  async insert(agent: AgentRecord, decisions: DecisionEntry[], events: DomainEvent[]): Promise<void> {
    this.agents.set(agent.id, structuredClone(agent));
    this.write(decisions, events);
  }

  async find(id: string): Promise<AgentRecord | null> {
    const a = this.agents.get(id);
    return a ? structuredClone(a) : null;
  }

  async findMany(ids: string[]): Promise<AgentRecord[]> {
    return ids.flatMap((id) => (this.agents.has(id) ? [structuredClone(this.agents.get(id)!)] : []));
  }

  async renew(id: string, expiresAt: Date, decisions: DecisionEntry[], events: DomainEvent[]): Promise<boolean> {
    const agent = this.agents.get(id);
    if (!agent || agent.revokedAt) return false;
    agent.expiresAt = expiresAt;
    this.write(decisions, events);
    return true;
  }

  async revoke(
    scope: RevocationScope,
    reason: string,
    at: Date,
    events: (r: AgentRecord[]) => DomainEvent[],
  ): Promise<AgentRecord[]> {
    const revoked = [...this.agents.values()].filter((a) => a.revokedAt === null && inScope(scope, a));
    revoked.forEach((a) => Object.assign(a, { revokedAt: at, revokedReason: reason }));
    const copies = revoked.map((a) => structuredClone(a)).sort((a, b) => a.depth - b.depth);
    if (copies.length)
      this.write(
        copies.map((a) => ({ agentId: a.id, kind: 'revocation' as const, capability: null, reason })),
        events(copies),
      );
    return copies;
  }

  async listRevoked(scope: RevocationScope | 'all', now: Date): Promise<AgentRecord[]> {
    return [...this.agents.values()]
      .filter((a) => a.revokedAt !== null && a.expiresAt > now && (scope === 'all' || inScope(scope, a)))
      .map((a) => structuredClone(a))
      .sort((a, b) => a.depth - b.depth);
  }

  async listLive(userId: string, now: Date): Promise<AgentRecord[]> {
    return [...this.agents.values()]
      .filter((a) => a.userId === userId && a.revokedAt === null && a.expiresAt > now)
      .sort((a, b) => a.depth - b.depth)
      .map((a) => structuredClone(a));
  }

  async countLive(now: Date): Promise<number> {
    return [...this.agents.values()].filter((a) => a.revokedAt === null && a.expiresAt > now).length;
  }

  async log(decisions: DecisionEntry[], events: DomainEvent[]): Promise<void> {
    this.write(decisions, events);
  }

  async decisions(agentId: string, offset: number, limit: number) {
    const mine = this.decisionLog.filter((d) => d.agentId === agentId).reverse();
    return { items: mine.slice(offset, offset + limit), total: mine.length };
  }

  async insertApproval(approval: ApprovalRecord, events: DomainEvent[]): Promise<void> {
    this.approvals.set(approval.id, structuredClone(approval));
    this.write([], events);
  }

  async findApproval(id: string): Promise<ApprovalRecord | null> {
    const a = this.approvals.get(id);
    return a ? structuredClone(a) : null;
  }

  async expireApprovals(scope: { sessionIds: string[] } | { userId: string }, at: Date): Promise<number> {
    let ended = 0;
    for (const a of this.approvals.values()) {
      const inScope = 'sessionIds' in scope ? scope.sessionIds.includes(a.sessionId) : a.userId === scope.userId;
      if (inScope && (a.status === 'pending' || a.status === 'approved') && a.expiresAt > at) {
        a.expiresAt = at;
        ended++;
      }
    }
    return ended;
  }

  async transitionApproval(
    id: string,
    from: ApprovalStatus,
    to: ApprovalStatus,
    decidedBy: string | null,
    events: DomainEvent[],
  ): Promise<boolean> {
    const a = this.approvals.get(id);
    if (!a || a.status !== from) return false;
    a.status = to;
    a.decidedBy = decidedBy;
    this.write([], events);
    return true;
  }

  eventTypes(): string[] {
    return this.events.map((e) => e.type);
  }

  private write(decisions: DecisionEntry[], events: DomainEvent[]): void {
    decisions.forEach((d) => this.decisionLog.push({ ...d, id: String(++this.seq), at: d.at ?? new Date() }));
    this.events.push(...events);
  }
}

function inScope(scope: RevocationScope, a: AgentRecord): boolean {
  if ('agentId' in scope) return a.id === scope.agentId || a.ancestors.includes(scope.agentId);
  if ('sessionIds' in scope) return scope.sessionIds.includes(a.sessionId);
  return a.userId === scope.userId;
}
