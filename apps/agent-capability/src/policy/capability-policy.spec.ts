import { CapabilityRisk } from '@portcullis/contracts';
import { decideCapabilities, PolicyInput } from './capability-policy';

const RISKS: Record<string, CapabilityRisk> = {
  'file:read': 'low',
  'file:write': 'medium',
  'git:commit': 'medium',
  'git:push': 'high',
  'deploy:staging': 'high',
  'deploy:production': 'critical',
  'secrets:read': 'critical',
  'db:read': 'high',
};
const DEVOPS = new Set([
  'file:read',
  'file:write',
  'git:commit',
  'git:push',
  'deploy:staging',
  'deploy:production',
  'secrets:read',
]);

const decide = (requested: string[], roles: string[], extra: Partial<PolicyInput> = {}) =>
  decideCapabilities({ requested, roles, riskOf: (c) => RISKS[c], allowed: DEVOPS, ...extra });

describe('decideCapabilities', () => {
  it('grants what the type allows within the role, and says why for each of the rest', () => {
    expect(decide(['git:commit', 'file:read', 'db:read', 'rocket:launch', 'git:push'], ['user'])).toEqual({
      granted: ['file:read', 'git:commit'],
      needsApproval: [],
      denied: [
        { capability: 'db:read', reason: 'not_in_type' },
        { capability: 'rocket:launch', reason: 'unknown_capability' },
        { capability: 'git:push', reason: 'above_role' },
      ],
    });
  });

  it.each([
    ['guest', ['file:read']],
    ['user', ['file:read', 'file:write']],
    ['premium_user', ['file:read', 'file:write']],
    ['developer', ['deploy:staging', 'file:read', 'file:write']],
    ['admin', ['deploy:staging', 'file:read', 'file:write']],
    ['super_admin', ['deploy:staging', 'file:read', 'file:write']],
  ])('caps a %s at its ceiling', (role, granted) => {
    const decision = decide(['file:read', 'file:write', 'deploy:staging'], [role]);
    expect(decision.granted).toEqual(granted);
    for (const { reason } of decision.denied) expect(reason).toBe('above_role');
  });

  it('takes the highest ceiling among several roles, and gives nothing to no role or an unknown one', () => {
    expect(decide(['git:push'], ['user', 'developer']).granted).toEqual(['git:push']);
    expect(decide(['file:read'], []).denied).toEqual([{ capability: 'file:read', reason: 'above_role' }]);
    expect(decide(['file:read'], ['pirate']).denied).toEqual([{ capability: 'file:read', reason: 'above_role' }]);
  });

  it('never grants a critical capability without a person: an admin gets it flagged for approval', () => {
    expect(decide(['deploy:production', 'secrets:read', 'file:read'], ['admin'])).toEqual({
      granted: ['file:read'],
      needsApproval: ['deploy:production', 'secrets:read'],
      denied: [],
    });
    expect(decide(['deploy:production'], ['developer'])).toEqual({
      granted: [],
      needsApproval: [],
      denied: [{ capability: 'deploy:production', reason: 'above_role' }],
    });
  });

  it('keeps a delegation inside the parent scope', () => {
    expect(
      decide(['file:read', 'git:commit', 'file:write'], ['user'], { parentScope: ['file:read', 'file:write'] }),
    ).toEqual({
      granted: ['file:read', 'file:write'],
      needsApproval: [],
      denied: [{ capability: 'git:commit', reason: 'not_in_parent' }],
    });
  });

  it('passes an approved critical capability down to a child only when the parent holds it', () => {
    const parentScope = ['deploy:production', 'file:read'];
    expect(decide(['deploy:production'], ['admin'], { parentScope }).granted).toEqual(['deploy:production']);
    expect(decide(['secrets:read'], ['admin'], { parentScope }).denied).toEqual([
      { capability: 'secrets:read', reason: 'not_in_parent' },
    ]);
  });

  it('still applies the role to a delegation: a user demoted since the parent was granted gets less', () => {
    expect(decide(['git:push'], ['user'], { parentScope: ['git:push'] }).denied).toEqual([
      { capability: 'git:push', reason: 'above_role' },
    ]);
  });

  it('gives the most basic reason first, and one answer per capability however often it was asked', () => {
    expect(decide(['db:read', 'db:read'], ['guest'], { parentScope: [] }).denied).toEqual([
      { capability: 'db:read', reason: 'not_in_type' },
    ]);
    expect(decide(['git:push'], ['guest'], { parentScope: [] }).denied).toEqual([
      { capability: 'git:push', reason: 'above_role' },
    ]);
  });

  it('grants nothing for an empty request', () => {
    expect(decide([], ['super_admin'])).toEqual({ granted: [], needsApproval: [], denied: [] });
  });
});
