import { AgentOwner, AgentUserCaller } from '@portcullis/contracts';
import { FieldError, validationFailed } from '../catalog/catalog-errors';
import { capabilityList, idField } from '../catalog/catalog-input';
import { Budgets } from '../policy/attenuation';
import { parseBudgets } from '../policy/budget-input';

const MAX_NAME_LENGTH = 100;
/** Longer is clamped to the configured maximum (1 h), as OAuth narrows; this only refuses nonsense. */
const MAX_TTL_REQUEST = 86_400;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface GrantInput {
  agentType?: string;
  capabilities: string[];
  ttlSeconds?: number;
  name?: string;
  budgets?: Budgets;
}

type Raw = Record<string, unknown>;
const asObject = (raw: unknown): Raw => (typeof raw === 'object' && raw !== null ? (raw as Raw) : {});

/** The fields of authenticate (type required) or delegate (type optional); 400 naming each bad field. */
export function parseGrantInput(raw: unknown, typeRequired: boolean): GrantInput {
  const input = asObject(raw);
  const errors: FieldError[] = [];
  const agentType =
    input.agentType === undefined && !typeRequired ? undefined : idField(input.agentType, 'agentType', errors);
  const capabilities = capabilityList(input.capabilities, 'capabilities', errors);
  if (Array.isArray(input.capabilities) && input.capabilities.length === 0)
    errors.push({ field: 'capabilities', messages: ['capabilities must name at least one'] });
  let ttlSeconds: number | undefined;
  if (input.ttlSeconds !== undefined) {
    const ttl = input.ttlSeconds;
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_REQUEST)
      errors.push({ field: 'ttlSeconds', messages: [`ttlSeconds must be an integer from 1 to ${MAX_TTL_REQUEST}`] });
    else ttlSeconds = ttl;
  }
  let name: string | undefined;
  if (input.name !== undefined) {
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > MAX_NAME_LENGTH)
      errors.push({ field: 'name', messages: [`name must be 1 to ${MAX_NAME_LENGTH} characters`] });
    else name = input.name.trim();
  }
  const budgets = parseBudgets(input.budgets, capabilities, errors);
  if (errors.length) throw validationFailed(errors);
  return { agentType, capabilities, ttlSeconds, name, budgets };
}

/** The gateway fills these from a verified token; checked all the same (the bus has other callers). */
export function parseOwner(raw: unknown): AgentOwner {
  const o = asObject(raw);
  const errors: FieldError[] = [];
  if (typeof o.userId !== 'string' || !UUID.test(o.userId))
    errors.push({ field: 'owner.userId', messages: ['must be a uuid'] });
  if (typeof o.sessionId !== 'string' || !o.sessionId)
    errors.push({ field: 'owner.sessionId', messages: ['required'] });
  if (!Array.isArray(o.roles) || o.roles.some((r) => typeof r !== 'string'))
    errors.push({ field: 'owner.roles', messages: ['must be an array of role names'] });
  if (errors.length) throw validationFailed(errors);
  return o as unknown as AgentOwner;
}

export function parseCaller(raw: unknown): AgentUserCaller {
  const c = asObject(raw);
  const errors: FieldError[] = [];
  if (typeof c.userId !== 'string' || !UUID.test(c.userId))
    errors.push({ field: 'caller.userId', messages: ['must be a uuid'] });
  if (!Array.isArray(c.roles) || c.roles.some((r) => typeof r !== 'string'))
    errors.push({ field: 'caller.roles', messages: ['must be an array of role names'] });
  if (errors.length) throw validationFailed(errors);
  return c as unknown as AgentUserCaller;
}

export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
