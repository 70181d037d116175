import { FieldError } from '../catalog/catalog-errors';
import { MAX_BUDGET_LIMIT, parseBudgets } from './budget-input';

describe('parseBudgets', () => {
  const parse = (raw: unknown, requested = ['git:commit', 'git:push']) => {
    const errors: FieldError[] = [];
    return { budgets: parseBudgets(raw, requested, errors), errors };
  };

  it('reads well-formed budgets of requested capabilities', () => {
    expect(
      parse({ 'git:commit': { limit: 10, windowSeconds: 3600 }, 'git:push': { limit: 0, windowSeconds: 60 } }),
    ).toEqual({
      budgets: { 'git:commit': { limit: 10, windowSeconds: 3600 }, 'git:push': { limit: 0, windowSeconds: 60 } },
      errors: [],
    });
    expect(parse(undefined)).toEqual({ budgets: undefined, errors: [] });
  });

  it('names each bad budget by its capability', () => {
    const { errors } = parse({
      'git:commit': { limit: -1, windowSeconds: 0 },
      'git:push': { limit: 1.5, windowSeconds: 60, burst: 3 },
      'shell:exec': { limit: 1, windowSeconds: 60 },
    });
    expect(errors.map((e) => e.field)).toEqual(['budgets.git:commit', 'budgets.git:push', 'budgets.shell:exec']);
    expect(errors[0].messages).toHaveLength(2);
    expect(errors[1].messages.join(' ')).toContain('burst');
  });

  it('bounds the limit, which bounds the store memory, and the window', () => {
    expect(parse({ 'git:commit': { limit: MAX_BUDGET_LIMIT + 1, windowSeconds: 60 } }).errors).toHaveLength(1);
    expect(parse({ 'git:commit': { limit: 1, windowSeconds: 31 * 86_400 } }).errors).toHaveLength(1);
    expect(parse({ 'git:commit': { limit: '5', windowSeconds: 60 } }).errors).toHaveLength(1);
  });

  it('never lets a key become a property of the prototype', () => {
    const { budgets, errors } = parse(JSON.parse('{"__proto__": {"limit": 1, "windowSeconds": 60}}'), ['__proto__']);
    expect(errors).toHaveLength(1);
    expect(Object.getPrototypeOf(budgets)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).limit).toBeUndefined();
  });

  it('refuses a budgets value that is not an object', () => {
    for (const bad of [null, [], 'git:commit', 5]) expect(parse(bad).errors).toHaveLength(1);
  });
});
