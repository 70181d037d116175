import { z } from 'zod';
import { rpc } from '../common/rpc-definition';
import { empty } from '../common/schema-helpers';
import * as s from './agents.schemas';
import { AgentTypeView, CapabilityView, UpdateAgentTypeRequest } from './dto/agent-catalog.dto';
import { CapabilityDecision, DecideCapabilitiesRequest } from './dto/agent-decision.dto';

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
};
