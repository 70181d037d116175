import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AgentDecisionKind, CapabilityDenial, DomainEvent } from '@portcullis/contracts';
import { OutboxWriter } from '@portcullis/database';
import { DataSource, EntityManager } from 'typeorm';
import { ActClaim } from '../policy/act-claim';
import { Budgets } from '../policy/attenuation';
import { AgentRecord, ApprovalRecord, ApprovalStatus, DecisionEntry } from './agent-record';
import { AgentRepository, RevocationScope } from './agent.repository';

const AGENTS = '"agents"."agents"';
const DECISIONS = '"agents"."agent_decisions"';
const APPROVALS = '"agents"."agent_approvals"';

interface AgentRow {
  id: string;
  parent_id: string | null;
  root_id: string;
  ancestors: string[];
  user_id: string;
  session_id: string;
  roles: string[];
  agent_type: string;
  name: string | null;
  capabilities: string[];
  budgets: Budgets;
  depth: number;
  act: ActClaim;
  ttl_seconds: number;
  expires_at: Date;
  created_at: Date;
  revoked_at: Date | null;
  revoked_reason: string | null;
}

interface ApprovalRow {
  id: string;
  user_id: string;
  session_id: string;
  roles: string[];
  agent_type: string;
  name: string | null;
  ttl_seconds: number | null;
  budgets: Budgets | null;
  granted: string[];
  needs_approval: string[];
  denied: CapabilityDenial[];
  status: ApprovalStatus;
  decided_by: string | null;
  created_at: Date;
  expires_at: Date;
}

const toAgent = (r: AgentRow): AgentRecord => ({
  id: r.id,
  parentId: r.parent_id,
  rootId: r.root_id,
  ancestors: r.ancestors,
  userId: r.user_id,
  sessionId: r.session_id,
  roles: r.roles,
  agentType: r.agent_type,
  name: r.name,
  capabilities: r.capabilities,
  budgets: r.budgets,
  depth: r.depth,
  act: r.act,
  ttlSeconds: r.ttl_seconds,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  revokedReason: r.revoked_reason,
});

const toApproval = (r: ApprovalRow): ApprovalRecord => ({
  id: r.id,
  userId: r.user_id,
  sessionId: r.session_id,
  roles: r.roles,
  agentType: r.agent_type,
  name: r.name,
  ttlSeconds: r.ttl_seconds,
  budgets: r.budgets,
  granted: r.granted,
  needsApproval: r.needs_approval,
  denied: r.denied,
  status: r.status,
  decidedBy: r.decided_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/** Plain SQL over the `agents` schema; events leave through the outbox in the same transaction. */
@Injectable()
export class PgAgentRepository extends AgentRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {
    super();
  }

  insert(a: AgentRecord, decisions: DecisionEntry[], events: DomainEvent[]): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO ${AGENTS} (id, parent_id, root_id, ancestors, user_id, session_id, roles, agent_type, name,
           capabilities, budgets, depth, act, ttl_seconds, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          a.id,
          a.parentId,
          a.rootId,
          a.ancestors,
          a.userId,
          a.sessionId,
          a.roles,
          a.agentType,
          a.name,
          a.capabilities,
          JSON.stringify(a.budgets),
          a.depth,
          JSON.stringify(a.act),
          a.ttlSeconds,
          a.expiresAt,
          a.createdAt,
        ],
      );
      await this.write(manager, decisions, events);
    });
  }

  async find(id: string): Promise<AgentRecord | null> {
    const rows: AgentRow[] = await this.dataSource.query(`SELECT * FROM ${AGENTS} WHERE id = $1`, [id]);
    return rows[0] ? toAgent(rows[0]) : null;
  }

  async findMany(ids: string[]): Promise<AgentRecord[]> {
    if (ids.length === 0) return [];
    const rows: AgentRow[] = await this.dataSource.query(`SELECT * FROM ${AGENTS} WHERE id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(rows.map((r) => [r.id, toAgent(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  renew(id: string, expiresAt: Date, decisions: DecisionEntry[], events: DomainEvent[]): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      // The row lock orders it against a revoke: whichever commits second sees the other.
      const rows: unknown[] = await manager.query(
        `UPDATE ${AGENTS} SET expires_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
        [id, expiresAt],
      );
      if (rows.length === 0) return false;
      await this.write(manager, decisions, events);
      return true;
    });
  }

  revoke(
    scope: RevocationScope,
    reason: string,
    at: Date,
    events: (revoked: AgentRecord[]) => DomainEvent[],
  ): Promise<AgentRecord[]> {
    const [where, param] = scopeFilter(scope, 3);
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [AgentRow[], number] = await manager.query(
        `UPDATE ${AGENTS} SET revoked_at = $1, revoked_reason = $2 WHERE revoked_at IS NULL AND ${where} RETURNING *`,
        [at, reason, param],
      );
      const revoked = rows.map(toAgent).sort((a, b) => a.depth - b.depth);
      if (revoked.length)
        await this.write(
          manager,
          revoked.map((a) => ({ agentId: a.id, kind: 'revocation' as const, capability: null, reason })),
          events(revoked),
        );
      return revoked;
    });
  }

  async listRevoked(scope: RevocationScope | 'all', now: Date): Promise<AgentRecord[]> {
    const [where, param] = scope === 'all' ? [] : scopeFilter(scope, 2);
    const rows: AgentRow[] = await this.dataSource.query(
      `SELECT * FROM ${AGENTS} WHERE revoked_at IS NOT NULL AND expires_at > $1 ${where ? `AND ${where}` : ''} ORDER BY depth, id`,
      where ? [now, param] : [now],
    );
    return rows.map(toAgent);
  }

  async listLive(userId: string, now: Date): Promise<AgentRecord[]> {
    const rows: AgentRow[] = await this.dataSource.query(
      `SELECT * FROM ${AGENTS} WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY depth, created_at, id`,
      [userId, now],
    );
    return rows.map(toAgent);
  }

  async countLive(now: Date): Promise<number> {
    const rows: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM ${AGENTS} WHERE revoked_at IS NULL AND expires_at > $1`,
      [now],
    );
    return rows[0].n;
  }

  log(decisions: DecisionEntry[], events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return this.write(this.dataSource.manager, decisions, []);
    return this.dataSource.transaction((manager) => this.write(manager, decisions, events));
  }

  async decisions(agentId: string, offset: number, limit: number) {
    const [rows, count] = await Promise.all([
      this.dataSource.query<
        Array<{
          id: string;
          agent_id: string;
          kind: AgentDecisionKind;
          capability: string | null;
          reason: string;
          created_at: Date;
        }>
      >(
        `SELECT id::text AS id, agent_id, kind, capability, reason, created_at FROM ${DECISIONS}
         WHERE agent_id = $1 ORDER BY id DESC OFFSET $2 LIMIT $3`,
        [agentId, offset, limit],
      ),
      this.dataSource.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${DECISIONS} WHERE agent_id = $1`, [
        agentId,
      ]),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        agentId: r.agent_id,
        kind: r.kind,
        capability: r.capability,
        reason: r.reason,
        at: r.created_at,
      })),
      total: count[0].n,
    };
  }

  insertApproval(a: ApprovalRecord, events: DomainEvent[]): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO ${APPROVALS} (id, user_id, session_id, roles, agent_type, name, ttl_seconds, budgets, granted,
           needs_approval, denied, status, decided_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          a.id,
          a.userId,
          a.sessionId,
          a.roles,
          a.agentType,
          a.name,
          a.ttlSeconds,
          a.budgets === null ? null : JSON.stringify(a.budgets),
          a.granted,
          a.needsApproval,
          JSON.stringify(a.denied),
          a.status,
          a.decidedBy,
          a.createdAt,
          a.expiresAt,
        ],
      );
      await this.write(manager, [], events);
    });
  }

  async findApproval(id: string): Promise<ApprovalRecord | null> {
    const rows: ApprovalRow[] = await this.dataSource.query(`SELECT * FROM ${APPROVALS} WHERE id = $1`, [id]);
    return rows[0] ? toApproval(rows[0]) : null;
  }

  async expireApprovals(scope: { sessionIds: string[] } | { userId: string }, at: Date): Promise<number> {
    const [where, param] =
      'sessionIds' in scope ? ['session_id = ANY($2::text[])', scope.sessionIds] : ['user_id = $2', scope.userId];
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE ${APPROVALS} SET expires_at = $1
        WHERE status IN ('pending', 'approved') AND expires_at > $1 AND ${where}`,
      [at, param],
    );
    return affected;
  }

  transitionApproval(
    id: string,
    from: ApprovalStatus,
    to: ApprovalStatus,
    decidedBy: string | null,
    events: DomainEvent[],
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [, affected]: [unknown, number] = await manager.query(
        `UPDATE ${APPROVALS} SET status = $3, decided_by = $4 WHERE id = $1 AND status = $2`,
        [id, from, to, decidedBy],
      );
      if (affected === 0) return false;
      await this.write(manager, [], events);
      return true;
    });
  }

  private async write(manager: EntityManager, decisions: DecisionEntry[], events: DomainEvent[]): Promise<void> {
    if (decisions.length)
      await manager.query(
        `INSERT INTO ${DECISIONS} (agent_id, kind, capability, reason, created_at)
         SELECT agent_id, kind, capability, reason, coalesce(at, now())
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
           AS d (agent_id, kind, capability, reason, at)`,
        [
          decisions.map((d) => d.agentId),
          decisions.map((d) => d.kind),
          decisions.map((d) => d.capability),
          decisions.map((d) => d.reason),
          decisions.map((d) => d.at ?? null),
        ],
      );
    for (const event of events) await this.outbox.add(manager, event.type, event);
  }
}

/** The SQL condition selecting `scope`'s agents (an agent with its descendants), its parameter at `$n`. */
function scopeFilter(scope: RevocationScope, n: number): [string, unknown] {
  if ('agentId' in scope) return [`(id = $${n} OR $${n} = ANY(ancestors))`, scope.agentId];
  if ('sessionIds' in scope) return [`session_id = ANY($${n}::text[])`, scope.sessionIds];
  return [`user_id = $${n}`, scope.userId];
}
