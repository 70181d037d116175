import { decide, RateLimitPolicy, RateLimitState } from './rate-limit-policy';

const policy = (name: string): RateLimitPolicy => ({ name, scope: 'ip', limit: 10, windowSeconds: 60 });
const allowed = (name: string, remaining: number, resetSeconds: number): RateLimitState => ({
  policy: policy(name),
  allowed: true,
  remaining,
  resetSeconds,
  retryAfterSeconds: 0,
});
const refused = (name: string, retryAfterSeconds: number): RateLimitState => ({
  policy: policy(name),
  allowed: false,
  remaining: 0,
  resetSeconds: retryAfterSeconds,
  retryAfterSeconds,
});
const bindingOf = (...states: RateLimitState[]) => {
  const decision = decide(states);
  return [decision.allowed, decision.binding.policy.name];
};

describe('decide', () => {
  it('binds an allowed request to the policy with the fewest left, then the longest reset, then the first', () => {
    expect(bindingOf(allowed('a', 5, 10), allowed('b', 3, 10), allowed('c', 4, 10))).toEqual([true, 'b']);
    expect(bindingOf(allowed('a', 3, 10), allowed('b', 3, 20), allowed('c', 3, 20))).toEqual([true, 'b']);
    expect(bindingOf(allowed('a', 3, 10), allowed('b', 3, 10))).toEqual([true, 'a']);
  });

  it('refuses when any policy refuses, binding to the longest wait, then the first', () => {
    expect(bindingOf(allowed('a', 0, 60), refused('b', 5), refused('c', 9), allowed('d', 0, 90))).toEqual([false, 'c']);
    expect(bindingOf(refused('a', 5), refused('b', 5))).toEqual([false, 'a']);
    // A refusal binds even when an allowed policy came first with fewer left and a longer reset.
    expect(bindingOf(allowed('a', 0, 99), refused('b', 1))).toEqual([false, 'b']);
  });

  it('keeps every state, in order', () => {
    const states = [allowed('a', 5, 10), refused('b', 2)];
    expect(decide(states).states).toEqual(states);
  });
});
