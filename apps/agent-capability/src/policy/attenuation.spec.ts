import { AgentSettings } from '../config/agent-settings';
import { delegatedTerms, firstLevelTerms, ParentGrant } from './attenuation';

const settings: AgentSettings = { maxDelegationDepth: 3, maxTtlSeconds: 3600, defaultTtlSeconds: 900 };
const parent = (over: Partial<ParentGrant> = {}): ParentGrant => ({
  depth: 0,
  remainingSeconds: 1200,
  remainingUses: {},
  ...over,
});
const scope = ['git:commit', 'file:write'];

describe('firstLevelTerms', () => {
  it('starts at depth 0 with the default ttl, and never beyond the maximum', () => {
    expect(firstLevelTerms({}, scope, settings)).toEqual({ ttlSeconds: 900, depth: 0, budgets: {} });
    expect(firstLevelTerms({ ttlSeconds: 86_400 }, scope, settings).ttlSeconds).toBe(3600);
    expect(firstLevelTerms({ ttlSeconds: 60 }, scope, settings).ttlSeconds).toBe(60);
  });

  it('keeps budgets only for capabilities the grant holds', () => {
    const budgets = { 'git:commit': { limit: 10, windowSeconds: 3600 }, 'git:push': { limit: 1, windowSeconds: 60 } };
    expect(firstLevelTerms({ budgets }, scope, settings).budgets).toEqual({
      'git:commit': { limit: 10, windowSeconds: 3600 },
    });
  });
});

describe('delegatedTerms', () => {
  it('never lets a child outlive its parent', () => {
    expect(delegatedTerms(parent({ remainingSeconds: 120.7 }), { ttlSeconds: 900 }, scope, settings)).toEqual({
      ok: true,
      terms: { ttlSeconds: 120, depth: 1, budgets: {} },
    });
    expect(delegatedTerms(parent({ remainingSeconds: 7200 }), {}, scope, settings)).toMatchObject({
      terms: { ttlSeconds: 900 },
    });
    expect(delegatedTerms(parent({ remainingSeconds: 7200 }), { ttlSeconds: 7200 }, scope, settings)).toMatchObject({
      terms: { ttlSeconds: 3600 },
    });
  });

  it('refuses a parent with no time left, even less than a second', () => {
    expect(delegatedTerms(parent({ remainingSeconds: 0 }), {}, scope, settings)).toEqual({
      ok: false,
      reason: 'parent_expired',
    });
    expect(delegatedTerms(parent({ remainingSeconds: 0.4 }), {}, scope, settings)).toEqual({
      ok: false,
      reason: 'parent_expired',
    });
  });

  it('counts depth from the first-level agent and stops at the maximum', () => {
    // Stored depths (first-level 0); the tokens carry one more, and the limit is on the token.
    expect(delegatedTerms(parent({ depth: 1 }), {}, scope, settings)).toMatchObject({ ok: true, terms: { depth: 2 } });
    expect(delegatedTerms(parent({ depth: 2 }), {}, scope, settings)).toEqual({ ok: false, reason: 'depth_exceeded' });
    expect(delegatedTerms(parent(), {}, scope, { ...settings, maxDelegationDepth: 1 })).toEqual({
      ok: false,
      reason: 'depth_exceeded',
    });
  });

  it('caps each budget at what the parent has left of it, and leaves others as asked', () => {
    const result = delegatedTerms(
      parent({ remainingUses: { 'git:commit': 4 } }),
      { budgets: { 'git:commit': { limit: 10, windowSeconds: 60 }, 'file:write': { limit: 50, windowSeconds: 60 } } },
      scope,
      settings,
    );
    expect(result).toMatchObject({
      ok: true,
      terms: {
        budgets: { 'git:commit': { limit: 4, windowSeconds: 60 }, 'file:write': { limit: 50, windowSeconds: 60 } },
      },
    });
  });

  it('gives a zero budget, never a negative one, when the parent has spent its own', () => {
    const result = delegatedTerms(
      parent({ remainingUses: { 'git:commit': -2 } }),
      { budgets: { 'git:commit': { limit: 3, windowSeconds: 60 } } },
      scope,
      settings,
    );
    expect(result).toMatchObject({ terms: { budgets: { 'git:commit': { limit: 0, windowSeconds: 60 } } } });
  });
});
