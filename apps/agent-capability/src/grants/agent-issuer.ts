import { Injectable } from '@nestjs/common';
import { AgentGrantReply, CapabilityDenial, DomainEvent } from '@portcullis/contracts';
import { Clock, epochSeconds } from '../common/clock';
import { tokenDepthOf } from '../policy/attenuation';
import { AgentRecord, DecisionEntry, publicAgentId } from './agent-record';
import { AgentRepository } from './agent.repository';
import { AgentTokenSigner } from './agent-token.signer';

export type NewAgent = Omit<AgentRecord, 'expiresAt' | 'createdAt' | 'revokedAt' | 'revokedReason'>;

/**
 * Records an agent and mints its first token. The row (with its decision log and events) commits
 * first: a token never exists for an agent the store does not know, so renew, delegate and cascade
 * always find what a token names.
 */
@Injectable()
export class AgentIssuer {
  constructor(
    private readonly agents: AgentRepository,
    private readonly signer: AgentTokenSigner,
    private readonly clock: Clock,
  ) {}

  async issue(
    agent: NewAgent,
    denied: CapabilityDenial[],
    events: (record: AgentRecord) => DomainEvent[],
    notAfter?: Date,
  ): Promise<AgentGrantReply> {
    const now = this.clock.now();
    const exp = Math.min(epochSeconds(now) + agent.ttlSeconds, notAfter ? epochSeconds(notAfter) : Infinity);
    const record: AgentRecord = {
      ...agent,
      expiresAt: new Date(exp * 1000),
      createdAt: now,
      revokedAt: null,
      revokedReason: null,
    };
    await this.agents.insert(record, grantDecisions(record, denied), events(record));
    return this.mint(record, denied);
  }

  /** A token for `record` as it stands (its `expiresAt`). */
  async mint(record: AgentRecord, denied: CapabilityDenial[] = []): Promise<AgentGrantReply> {
    const agentId = publicAgentId(record);
    const signed = await this.signer.sign({
      agentId,
      userId: record.userId,
      sessionId: record.sessionId,
      agentType: record.agentType,
      scope: record.capabilities,
      depth: tokenDepthOf(record.depth),
      act: record.act,
      expiresAt: epochSeconds(record.expiresAt),
    });
    return {
      agentId,
      agentToken: signed.token,
      granted: record.capabilities,
      denied,
      expiresIn: Math.max(0, signed.expiresAt - epochSeconds(this.clock.now())),
    };
  }
}

export function grantDecisions(record: AgentRecord, denied: CapabilityDenial[]): DecisionEntry[] {
  return [
    ...record.capabilities.map((capability) => ({
      agentId: record.id,
      kind: 'grant' as const,
      capability,
      reason: 'granted',
    })),
    ...denied.map((d) => ({ agentId: record.id, kind: 'denial' as const, capability: d.capability, reason: d.reason })),
  ];
}
