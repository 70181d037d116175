import { z } from 'zod';
import { rpc } from '../common/rpc-definition';
import { empty } from '../common/schema-helpers';
import * as g from './agent-grant.schemas';
import * as s from './agents.schemas';
import { ActiveAgentRevocationsReply } from './agent-revocation';
import { AgentTypeView, CapabilityView, UpdateAgentTypeRequest } from './dto/agent-catalog.dto';
import { CapabilityDecision, DecideCapabilitiesRequest } from './dto/agent-decision.dto';
import {
  AgentApprovalRequest,
  AgentDecisionPage,
  AgentGrantReply,
  AgentNode,
  AuthenticateAgentReply,
  AuthenticateAgentRequest,
  AgentBudgetChain,
  AgentBudgetChainRequest,
  DelegateAgentRequest,
  ListAgentsRequest,
  ListDecisionsRequest,
  RenewAgentRequest,
  RevokeAgentRequest,
} from './dto/agent-grant.dto';

/**
 * What the gateway asks of the agent-capability app (DESIGN §3 "Agents"). The first segment names
 * the app, because the bus routes a request to the stream of the service its pattern starts with.
 */
export const AgentPatterns = {
  /** The catalog, sorted by id. */
  listTypes: rpc<Record<string, never>, AgentTypeView[]>('agent-capability.listTypes', {
    payload: empty(),
    reply: z.array(s.agentTypeViewSchema),
  }),
  listCapabilities: rpc<Record<string, never>, CapabilityView[]>('agent-capability.listCapabilities', {
    payload: empty(),
    reply: z.array(s.capabilityViewSchema),
  }),
  /** AGENT_UNKNOWN_TYPE; AGENT_UNKNOWN_CAPABILITY (details.capabilities); VALIDATION_FAILED. */
  updateType: rpc<UpdateAgentTypeRequest, AgentTypeView>('agent-capability.updateType', {
    payload: s.updateAgentTypeRequestSchema,
    reply: s.agentTypeViewSchema,
  }),
  /** The policy's answer, changing nothing. AGENT_UNKNOWN_TYPE; AGENT_UNKNOWN_CAPABILITY; VALIDATION_FAILED. */
  decide: rpc<DecideCapabilitiesRequest, CapabilityDecision>('agent-capability.decide', {
    payload: s.decideCapabilitiesRequestSchema,
    reply: s.capabilityDecisionSchema,
  }),
  /** A first-level agent, or a pending approval. AGENT_CAPABILITY_DENIED (details.denied) when nothing is granted. */
  authenticate: rpc<AuthenticateAgentRequest, AuthenticateAgentReply>('agent-capability.authenticate', {
    payload: g.authenticateAgentRequestSchema,
    reply: g.authenticateAgentReplySchema,
  }),
  /** A child of the calling agent. AGENT_DELEGATION_DEPTH; AGENT_REVOKED; AGENT_CAPABILITY_DENIED. */
  delegate: rpc<DelegateAgentRequest, AgentGrantReply>('agent-capability.delegate', {
    payload: g.delegateAgentRequestSchema,
    reply: g.agentGrantReplySchema,
  }),
  /** The same grant, a fresh token. AGENT_REVOKED when the agent, an ancestor or its session is gone. */
  renew: rpc<RenewAgentRequest, AgentGrantReply>('agent-capability.renew', {
    payload: g.renewAgentRequestSchema,
    reply: g.agentGrantReplySchema,
  }),
  /** AGENT_APPROVAL_NOT_FOUND (foreign, expired, unknown); AGENT_APPROVAL_USED once decided. */
  approve: rpc<AgentApprovalRequest, void>('agent-capability.approve', {
    payload: g.agentApprovalRequestSchema,
    reply: z.void(),
  }),
  deny: rpc<AgentApprovalRequest, void>('agent-capability.deny', {
    payload: g.agentApprovalRequestSchema,
    reply: z.void(),
  }),
  /** AGENT_APPROVAL_PENDING / DENIED / USED; AGENT_APPROVAL_NOT_FOUND. */
  collect: rpc<AgentApprovalRequest, AgentGrantReply>('agent-capability.collect', {
    payload: g.agentApprovalRequestSchema,
    reply: g.agentGrantReplySchema,
  }),
  /** The agent and every descendant. AGENT_NOT_FOUND (also for someone else's agent). */
  revoke: rpc<RevokeAgentRequest, void>('agent-capability.revoke', {
    payload: g.revokeAgentRequestSchema,
    reply: z.void(),
  }),
  /** Live agents as trees, roots sorted by creation. */
  list: rpc<ListAgentsRequest, AgentNode[]>('agent-capability.list', {
    payload: g.listAgentsRequestSchema,
    reply: z.array(g.agentNodeSchema),
  }),
  /** Newest first. AGENT_NOT_FOUND. */
  decisions: rpc<ListDecisionsRequest, AgentDecisionPage>('agent-capability.decisions', {
    payload: g.listDecisionsRequestSchema,
    reply: g.agentDecisionPageSchema,
  }),
  /**
   * Every revoked agent whose tokens may still be live, from PostgreSQL. Gateways call this when
   * they start and whenever their Redis connection comes back; the Redis keys are their fallback.
   */
  listActiveRevocations: rpc<Record<string, never>, ActiveAgentRevocationsReply>(
    'agent-capability.listActiveRevocations',
    { payload: empty(), reply: s.activeAgentRevocationsReplySchema },
  ),
  /** The budgets an agent's uses count against; null for an unknown or revoked agent. */
  budgetChain: rpc<AgentBudgetChainRequest, AgentBudgetChain | null>('agent-capability.budgetChain', {
    payload: g.agentBudgetChainRequestSchema,
    reply: g.agentBudgetChainSchema.nullable(),
  }),
};
