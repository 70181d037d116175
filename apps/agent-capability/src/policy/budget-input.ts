import { FieldError } from '../catalog/catalog-errors';
import { Budgets } from './attenuation';

/**
 * The budget store keeps one sorted-set entry per use inside the window, so the limit bounds its
 * memory: 10,000 uses is far above any per-agent budget worth setting, and a few hundred KiB at most.
 */
export const MAX_BUDGET_LIMIT = 10_000;
/** A budget counts over at most 30 days; agent tokens live an hour, renewals keep the same grant. */
export const MAX_BUDGET_WINDOW_SECONDS = 30 * 86_400;

const CAPABILITY_ID = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/;

const isCount = (v: unknown, max: number, min: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/**
 * `budgets` of an authenticate or delegate request: `{"git:commit": {limit, windowSeconds}}`, each
 * naming a requested capability (a budget on something not asked for is a mistake, not a no-op).
 * Errors go to `errors` under `budgets.<capability>`; undefined when none were sent.
 */
export function parseBudgets(raw: unknown, requested: readonly string[], errors: FieldError[]): Budgets | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    errors.push({ field: 'budgets', messages: ['budgets must be an object of capability → {limit, windowSeconds}'] });
    return undefined;
  }
  const budgets: Budgets = {};
  for (const [capability, budget] of Object.entries(raw as Record<string, unknown>)) {
    const field = `budgets.${capability}`;
    // The id's shape first: a key like `__proto__` must never become a property of the result.
    if (!CAPABILITY_ID.test(capability) || !requested.includes(capability)) {
      errors.push({ field, messages: [`${capability} is not among the requested capabilities`] });
      continue;
    }
    const { limit, windowSeconds, ...extra } = (typeof budget === 'object' && budget !== null ? budget : {}) as Record<
      string,
      unknown
    >;
    const messages: string[] = [];
    if (!isCount(limit, MAX_BUDGET_LIMIT, 0)) messages.push(`limit must be an integer from 0 to ${MAX_BUDGET_LIMIT}`);
    if (!isCount(windowSeconds, MAX_BUDGET_WINDOW_SECONDS, 1))
      messages.push(`windowSeconds must be an integer from 1 to ${MAX_BUDGET_WINDOW_SECONDS}`);
    if (Object.keys(extra).length) messages.push(`unknown fields: ${Object.keys(extra).join(', ')}`);
    if (messages.length) errors.push({ field, messages });
    else budgets[capability] = { limit: limit as number, windowSeconds: windowSeconds as number };
  }
  return budgets;
}
