import { withTimeout } from './with-timeout';

describe('withTimeout', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('answers what the promise answers, and leaves no timer behind', async () => {
    await expect(withTimeout(Promise.resolve('pong'), 100)).resolves.toBe('pong');
    await expect(withTimeout(Promise.reject(new Error('refused')), 100)).rejects.toThrow('refused');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects with the given error once the time is up, whatever the promise does later', async () => {
    let settle!: (value: string) => void;
    const slow = new Promise<string>((resolve) => (settle = resolve));
    const bounded = withTimeout(slow, 100, () => new Error('deadline'));
    jest.advanceTimersByTime(99);
    settle('too late');
    await expect(bounded).resolves.toBe('too late');
    const never = withTimeout(new Promise<string>(() => undefined), 100, () => new Error('deadline'));
    jest.advanceTimersByTime(100);
    await expect(never).rejects.toThrow('deadline');
  });
});
