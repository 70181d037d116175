import { rpc } from '../common/rpc-definition';
import { AgentTypeView, CapabilityView, UpdateAgentTypeRequest } from './dto/agent-catalog.dto';
import { CapabilityDecision, DecideCapabilitiesRequest } from './dto/agent-decision.dto';
import {
  AgentApprovalRequest,
  AgentDecisionPage,
  AgentGrantReply,
  AgentNode,
  AuthenticateAgentReply,
  AuthenticateAgentRequest,
  ConsumeCapabilityReply,
  ConsumeCapabilityRequest,
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
  listTypes: rpc<Record<string, never>, AgentTypeView[]>('agent-capability.listTypes'),
  listCapabilities: rpc<Record<string, never>, CapabilityView[]>('agent-capability.listCapabilities'),
  /** AGENT_UNKNOWN_TYPE; AGENT_UNKNOWN_CAPABILITY (details.capabilities); VALIDATION_FAILED. */
  updateType: rpc<UpdateAgentTypeRequest, AgentTypeView>('agent-capability.updateType'),
  /** The policy's answer, changing nothing. AGENT_UNKNOWN_TYPE; AGENT_UNKNOWN_CAPABILITY; VALIDATION_FAILED. */
  decide: rpc<DecideCapabilitiesRequest, CapabilityDecision>('agent-capability.decide'),
  /** A first-level agent, or a pending approval. AGENT_CAPABILITY_DENIED (details.denied) when nothing is granted. */
  authenticate: rpc<AuthenticateAgentRequest, AuthenticateAgentReply>('agent-capability.authenticate'),
  /** A child of the calling agent. AGENT_DELEGATION_DEPTH; AGENT_REVOKED; AGENT_CAPABILITY_DENIED. */
  delegate: rpc<DelegateAgentRequest, AgentGrantReply>('agent-capability.delegate'),
  /** The same grant, a fresh token. AGENT_REVOKED when the agent, an ancestor or its session is gone. */
  renew: rpc<RenewAgentRequest, AgentGrantReply>('agent-capability.renew'),
  /** AGENT_APPROVAL_NOT_FOUND (foreign, expired, unknown); AGENT_APPROVAL_USED once decided. */
  approve: rpc<AgentApprovalRequest, void>('agent-capability.approve'),
  deny: rpc<AgentApprovalRequest, void>('agent-capability.deny'),
  /** AGENT_APPROVAL_PENDING / DENIED / USED; AGENT_APPROVAL_NOT_FOUND. */
  collect: rpc<AgentApprovalRequest, AgentGrantReply>('agent-capability.collect'),
  /** The agent and every descendant. AGENT_NOT_FOUND (also for someone else's agent). */
  revoke: rpc<RevokeAgentRequest, void>('agent-capability.revoke'),
  /** Live agents as trees, roots sorted by creation. */
  list: rpc<ListAgentsRequest, AgentNode[]>('agent-capability.list'),
  /** Newest first. AGENT_NOT_FOUND. */
  decisions: rpc<ListDecisionsRequest, AgentDecisionPage>('agent-capability.decisions'),
  /** One budgeted use, counted against the agent and every ancestor in one atomic step. */
  consume: rpc<ConsumeCapabilityRequest, ConsumeCapabilityReply>('agent-capability.consume'),
};
