import { BusClient } from '@portcullis/bus';
import { DomainEvent } from '@portcullis/contracts';
import { RateLimitPolicy, RateLimitState } from '@portcullis/security';
import { LimitedCaller } from './limited-caller';
import { RateLimitedEvents } from './rate-limited-events';

const USER = '0b7c2f9e-51a2-4c35-9d0e-3f6a2b1c4d5e';
const OWNER = '5d1e8a3c-7b2f-4e90-a6c4-9f0b1d2e3a4b';
const login: RateLimitPolicy = { name: 'auth-login', scope: 'ip', limit: 3, windowSeconds: 60 };
const tier: RateLimitPolicy = { name: 'user:user', scope: 'user', limit: 100, windowSeconds: 60 };
const refusedBy = (policy: RateLimitPolicy): RateLimitState => ({
  policy,
  allowed: false,
  remaining: 0,
  resetSeconds: 60,
  retryAfterSeconds: 17,
});

function sampler(publish: (event: DomainEvent) => Promise<void> = async () => undefined) {
  const published: DomainEvent[] = [];
  const bus = {
    publish: (_definition: unknown, event: DomainEvent) => {
      published.push(event);
      return publish(event);
    },
  } as unknown as BusClient;
  return { events: new RateLimitedEvents(bus), published };
}

describe('RateLimitedEvents (sampled security.rate_limited)', () => {
  const anonymous: LimitedCaller = { kind: 'anonymous' };
  const user: LimitedCaller = { kind: 'user', userId: USER, roles: ['user'] };

  it('publishes the first refusal, then one a minute per subject and policy, counting those in between', () => {
    const { events, published } = sampler();
    const t0 = 1_800_000_000_000;
    events.refused(refusedBy(login), anonymous, '198.51.100.7', t0);
    for (let i = 1; i <= 5; i++) events.refused(refusedBy(login), anonymous, '198.51.100.7', t0 + i * 1000);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      type: 'security.rate_limited',
      subject: { type: 'system', id: 'ip:198.51.100.7' },
      data: {
        scope: 'ip',
        policy: 'auth-login',
        limit: 3,
        windowSeconds: 60,
        retryAfterSeconds: 17,
        refusedSinceLast: 0,
      },
    });
    expect(published[0].actor).toBeUndefined();

    // Just short of a minute: still the same sample; a minute after the first: the next, with the count.
    events.refused(refusedBy(login), anonymous, '198.51.100.7', t0 + 59_999);
    expect(published).toHaveLength(1);
    events.refused(refusedBy(login), anonymous, '198.51.100.7', t0 + 60_000);
    expect(published).toHaveLength(2);
    expect(published[1].data).toMatchObject({ refusedSinceLast: 6 });
  });

  it('samples each subject and each policy on its own', () => {
    const { events, published } = sampler();
    const now = 1_800_000_000_000;
    events.refused(refusedBy(login), anonymous, '198.51.100.7', now);
    events.refused(refusedBy(login), anonymous, '198.51.100.8', now);
    events.refused(refusedBy(tier), user, '198.51.100.7', now);
    events.refused(refusedBy(login), user, '198.51.100.7', now);
    expect(published.map((e) => `${e.data.policy as string} ${e.subject.type}:${e.subject.id}`)).toEqual([
      'auth-login system:ip:198.51.100.7',
      'auth-login system:ip:198.51.100.8',
      `user:user user:${USER}`,
      `auth-login user:${USER}`,
    ]);
  });

  it("files a key's refusals under its owner and an agent's under the agent, with the actor", () => {
    const { events, published } = sampler();
    events.refused(
      refusedBy(tier),
      { kind: 'api-key', keyId: 'k1', ownerId: OWNER, rateLimit: null, quota: null },
      undefined,
      1,
    );
    events.refused(refusedBy(tier), { kind: 'agent', agentId: 'a1b2', userId: USER }, undefined, 1);
    expect(published[0]).toMatchObject({ subject: { type: 'user', id: OWNER }, actor: { type: 'user', id: OWNER } });
    expect(published[1]).toMatchObject({
      subject: { type: 'agent', id: 'a1b2' },
      actor: { type: 'agent', id: 'a1b2' },
    });
  });

  it('never fails the refused request when the bus cannot take the event', async () => {
    const { events, published } = sampler(() => Promise.reject(new Error('bus down')));
    expect(() => events.refused(refusedBy(login), anonymous, '203.0.113.9', 1)).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(published).toHaveLength(1);
  });
});
