import { Injectable } from '@nestjs/common';
import { CapabilityDecision, DecideCapabilitiesRequest } from '@portcullis/contracts';
import { AgentCatalogStore } from '../catalog/agent-catalog.store';
import { FieldError, unknownAgentType, unknownCapabilities, validationFailed } from '../catalog/catalog-errors';
import { capabilityList, idField } from '../catalog/catalog-input';
import { decideCapabilities } from './capability-policy';

interface DecisionInput {
  agentType: string;
  capabilities: string[];
  roles: string[];
  parentScope?: string[];
}

/**
 * The policy's answer for a grant (authenticate or delegate), from the cached catalog; changes
 * nothing. An unknown type or capability is the caller's mistake, answered 400 as DESIGN says,
 * rather than a denial: a typo should be fixed, not read as "not allowed".
 */
@Injectable()
export class DecideCapabilitiesUseCase {
  constructor(private readonly catalogs: AgentCatalogStore) {}

  async execute(request: DecideCapabilitiesRequest): Promise<CapabilityDecision> {
    const input = parse(request);
    const catalog = await this.catalogs.get();
    if (!catalog.hasType(input.agentType)) throw unknownAgentType(input.agentType);
    const unknown = catalog.unknown(input.capabilities);
    if (unknown.length) throw unknownCapabilities(unknown);
    return decideCapabilities({
      requested: input.capabilities,
      riskOf: (c) => catalog.riskOf(c),
      allowed: catalog.allowedFor(input.agentType),
      roles: input.roles,
      parentScope: input.parentScope,
    });
  }
}

function parse(request: DecideCapabilitiesRequest): DecisionInput {
  const errors: FieldError[] = [];
  const raw = (request ?? {}) as unknown as Record<string, unknown>;
  const agentType = idField(raw.agentType, 'agentType', errors);
  const capabilities = capabilityList(raw.capabilities, 'capabilities', errors);
  if (Array.isArray(raw.capabilities) && raw.capabilities.length === 0)
    errors.push({ field: 'capabilities', messages: ['capabilities must name at least one'] });
  const roles = raw.roles;
  if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string'))
    errors.push({ field: 'roles', messages: ['roles must be an array of role names'] });
  const parentScope =
    raw.parentScope === undefined ? undefined : capabilityList(raw.parentScope, 'parentScope', errors);
  if (errors.length) throw validationFailed(errors);
  return { agentType, capabilities, roles: roles as string[], parentScope };
}
