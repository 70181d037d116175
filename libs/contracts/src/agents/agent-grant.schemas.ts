import { z } from 'zod';
import { objectOf, stringList, uuid } from '../common/schema-helpers';
import { roleName } from '../user/user.schemas';
import { DENIAL_REASONS } from './dto/agent-decision.dto';
import {
  AGENT_DECISION_KINDS,
  AgentApprovalPending,
  AgentApprovalRequest,
  AgentBudget,
  AgentDecisionPage,
  AgentDecisionView,
  AgentGrantReply,
  AgentNode,
  AgentOwner,
  AgentUserCaller,
  AuthenticateAgentReply,
  AuthenticateAgentRequest,
  AgentBudgetChain,
  AgentBudgetChainRequest,
  AgentUseRecord,
  DelegateAgentRequest,
  ListAgentsRequest,
  ListDecisionsRequest,
  RenewAgentRequest,
  RevokeAgentRequest,
} from './dto/agent-grant.dto';

/*
 * The bus shape of the grant contracts. Catalog rules (known type, known capability, budgets only
 * for requested capabilities) need the catalog, so the agent-capability app checks those itself.
 */
const text = (max = 256) => z.string().max(max);
const capabilities = () => z.array(text(128)).max(256);

export const agentBudgetSchema = objectOf<AgentBudget>()({
  limit: z.number().int().min(1).max(1_000_000_000),
  windowSeconds: z.number().int().min(1).max(31_536_000),
});
const budgets = () => z.record(z.string().max(128), agentBudgetSchema);

const ownerSchema = objectOf<AgentOwner>()({ userId: uuid(), sessionId: uuid(), roles: z.array(roleName()) });
const callerSchema = objectOf<AgentUserCaller>()({ userId: uuid(), roles: z.array(roleName()) });

export const authenticateAgentRequestSchema = objectOf<AuthenticateAgentRequest>()({
  owner: ownerSchema,
  agentType: text(),
  capabilities: capabilities(),
  ttlSeconds: z.number().int().optional(),
  name: text().optional(),
  budgets: budgets().optional(),
});

const denialSchema = z.object({ capability: z.string(), reason: z.enum(DENIAL_REASONS) });
export const agentGrantReplySchema = objectOf<AgentGrantReply>()({
  agentId: z.string(),
  agentToken: z.string(),
  granted: stringList(),
  denied: z.array(denialSchema),
  expiresIn: z.number(),
});
const pendingSchema = objectOf<AgentApprovalPending>()({
  approvalId: z.string(),
  status: z.literal('pending'),
  expiresAt: z.string(),
});
export const authenticateAgentReplySchema: z.ZodType<AuthenticateAgentReply> = z.discriminatedUnion('status', [
  z.object({ status: z.literal('granted'), grant: agentGrantReplySchema }),
  z.object({ status: z.literal('pending'), approval: pendingSchema }),
]);

export const delegateAgentRequestSchema = objectOf<DelegateAgentRequest>()({
  agentId: text(),
  ownerRoles: z.array(roleName()),
  agentType: text().optional(),
  capabilities: capabilities(),
  ttlSeconds: z.number().int().optional(),
  budgets: budgets().optional(),
});

export const renewAgentRequestSchema = objectOf<RenewAgentRequest>()({
  agentId: text(),
});

export const agentApprovalRequestSchema = objectOf<AgentApprovalRequest>()({
  approvalId: text(),
  caller: callerSchema,
});

export const revokeAgentRequestSchema = objectOf<RevokeAgentRequest>()({
  agentId: text(),
  caller: callerSchema,
});

export const listAgentsRequestSchema = objectOf<ListAgentsRequest>()({
  caller: callerSchema,
  userId: uuid().optional(),
});

export const agentNodeSchema: z.ZodType<AgentNode> = z.lazy(() =>
  z.object({
    agentId: z.string(),
    agentType: z.string(),
    name: z.string().nullable(),
    capabilities: stringList(),
    budgets: z.record(z.string(), agentBudgetSchema),
    depth: z.number().int(),
    parentId: z.string().nullable(),
    sessionId: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    children: z.array(agentNodeSchema),
  }),
);

export const listDecisionsRequestSchema = objectOf<ListDecisionsRequest>()({
  agentId: text(),
  caller: callerSchema,
  page: z.number().int().min(1).optional(),
  limit: z.number().int().min(1).max(100).optional(),
});

const decisionViewSchema = objectOf<AgentDecisionView>()({
  id: z.string(),
  agentId: z.string(),
  kind: z.enum(AGENT_DECISION_KINDS),
  capability: z.string().nullable(),
  reason: z.string(),
  at: z.string(),
});
export const agentDecisionPageSchema = objectOf<AgentDecisionPage>()({
  items: z.array(decisionViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
});

export const agentBudgetChainRequestSchema = objectOf<AgentBudgetChainRequest>()({
  agentId: text(),
});
export const agentBudgetChainSchema = objectOf<AgentBudgetChain>()({
  rootId: uuid(),
  agents: z.array(z.object({ agentId: uuid(), budgets: z.record(z.string(), agentBudgetSchema) })),
});

/** One use in a batch of queue `agent-uses`: its consumer checks each before anything is written. */
export const agentUseRecordSchema = objectOf<AgentUseRecord>()({
  agentId: uuid(),
  capability: text(128),
  allowed: z.boolean(),
  reason: z.enum(['budget_exhausted', 'not_granted']).optional(),
  exhaustedAgentId: uuid().optional(),
  at: z.string().datetime(),
  requestId: z.string().max(128).optional(),
  ip: z.string().max(64).optional(),
  userAgent: z.string().max(1024).optional(),
});
