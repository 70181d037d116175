import { DomainEvent } from '@portcullis/contracts';
import { isVisibleTo, matchesEventType, Subscriber, usersConcerned, wantsEvent } from './event-matching';

const ALICE = 'a0000000-0000-4000-8000-000000000001';
const BOB = 'b0000000-0000-4000-8000-000000000002';

function event(type: string, parties: Partial<Pick<DomainEvent, 'subject' | 'actor'>> = {}) {
  return { type, subject: { type: 'user' as const, id: ALICE }, ...parties };
}

const subscriber = (overrides: Partial<Subscriber> = {}): Subscriber => ({
  isActive: true,
  scope: 'own',
  ownerUserId: ALICE,
  events: ['*'],
  ...overrides,
});

describe('matchesEventType', () => {
  it('matches an exact type and nothing else', () => {
    expect(matchesEventType(['user.registered'], 'user.registered')).toBe(true);
    expect(matchesEventType(['user.registered'], 'user.updated')).toBe(false);
    expect(matchesEventType(['user.registered'], 'user.registered.extra')).toBe(false);
  });

  it('matches a family at any depth with prefix.*, but not a type that merely starts alike', () => {
    expect(matchesEventType(['auth.*'], 'auth.logout')).toBe(true);
    expect(matchesEventType(['auth.*'], 'auth.login.failed')).toBe(true);
    expect(matchesEventType(['auth.login.*'], 'auth.login.succeeded')).toBe(true);
    expect(matchesEventType(['auth.login.*'], 'auth.logout')).toBe(false);
    expect(matchesEventType(['auth.*'], 'authz.granted')).toBe(false);
    expect(matchesEventType(['auth.*'], 'auth')).toBe(false);
  });

  it('matches everything with *, and nothing with no filters', () => {
    expect(matchesEventType(['*'], 'security.alert')).toBe(true);
    expect(matchesEventType([], 'security.alert')).toBe(false);
  });

  it('matches when any one of several filters does', () => {
    expect(matchesEventType(['user.registered', 'api_key.*'], 'api_key.revoked')).toBe(true);
  });
});

describe('ownership', () => {
  it('names the subject and the actor when they are users, once each', () => {
    expect(usersConcerned(event('x', { actor: { type: 'user', id: BOB } }))).toEqual([ALICE, BOB]);
    expect(usersConcerned(event('x', { actor: { type: 'user', id: ALICE } }))).toEqual([ALICE]);
    expect(
      usersConcerned(event('x', { subject: { type: 'session', id: ALICE }, actor: { type: 'agent', id: BOB } })),
    ).toEqual([]);
  });

  it('shows an own-scope subscriber events about them or by them, never anyone else’s', () => {
    const bobs = subscriber({ ownerUserId: BOB });
    expect(isVisibleTo(bobs, event('user.updated'))).toBe(false);
    expect(isVisibleTo(bobs, event('user.updated', { subject: { type: 'user', id: BOB } }))).toBe(true);
    expect(isVisibleTo(bobs, event('user.roles.changed', { actor: { type: 'user', id: BOB } }))).toBe(true);
    // A subject id equal to the owner's but of another kind is not the owner.
    expect(isVisibleTo(bobs, event('x', { subject: { type: 'api_key', id: BOB } }))).toBe(false);
  });

  it('shows a scope-all subscriber everybody’s events, and system ones', () => {
    const admin = subscriber({ ownerUserId: BOB, scope: 'all' });
    expect(isVisibleTo(admin, event('user.updated'))).toBe(true);
    expect(isVisibleTo(admin, event('token.signing_key.rotated', { subject: { type: 'system', id: 'token' } }))).toBe(
      true,
    );
  });
});

describe('wantsEvent', () => {
  it('needs the subscription active, the type matched and the event visible', () => {
    expect(wantsEvent(subscriber({ events: ['user.*'] }), event('user.updated'))).toBe(true);
    expect(wantsEvent(subscriber({ events: ['user.*'], isActive: false }), event('user.updated'))).toBe(false);
    expect(wantsEvent(subscriber({ events: ['auth.*'] }), event('user.updated'))).toBe(false);
    expect(wantsEvent(subscriber({ events: ['user.*'], ownerUserId: BOB }), event('user.updated'))).toBe(false);
    expect(wantsEvent(subscriber({ events: ['user.*'], ownerUserId: BOB, scope: 'all' }), event('user.updated'))).toBe(
      true,
    );
  });
});
