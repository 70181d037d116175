import { z } from 'zod';
import { objectOf, stringList } from '../common/schema-helpers';
import { roleName } from '../user/user.schemas';
import { ActiveAgentRevocationsReply } from './agent-revocation';
import { AgentTypeView, CAPABILITY_RISKS, CapabilityView, UpdateAgentTypeRequest } from './dto/agent-catalog.dto';
import {
  CapabilityDecision,
  CapabilityDenial,
  DecideCapabilitiesRequest,
  DENIAL_REASONS,
} from './dto/agent-decision.dto';

export const capabilityViewSchema = objectOf<CapabilityView>()({
  id: z.string(),
  description: z.string(),
  risk: z.enum(CAPABILITY_RISKS),
});

export const agentTypeViewSchema = objectOf<AgentTypeView>()({
  id: z.string(),
  description: z.string(),
  capabilities: stringList(),
});

/** Ids and names are checked against the catalog by the app, which answers its own codes. */
export const updateAgentTypeRequestSchema = objectOf<UpdateAgentTypeRequest>()({
  id: z.string().max(256),
  description: z.string().optional(),
  capabilities: stringList().optional(),
});

export const decideCapabilitiesRequestSchema = objectOf<DecideCapabilitiesRequest>()({
  agentType: z.string().max(256),
  capabilities: stringList(),
  roles: z.array(roleName()),
  parentScope: stringList().optional(),
});

const denialSchema = objectOf<CapabilityDenial>()({ capability: z.string(), reason: z.enum(DENIAL_REASONS) });
export const capabilityDecisionSchema = objectOf<CapabilityDecision>()({
  granted: stringList(),
  needsApproval: stringList(),
  denied: z.array(denialSchema),
});

export const activeAgentRevocationsReplySchema = objectOf<ActiveAgentRevocationsReply>()({
  revocations: z.array(z.object({ kind: z.literal('agent'), agentId: z.string(), until: z.number() })),
});
