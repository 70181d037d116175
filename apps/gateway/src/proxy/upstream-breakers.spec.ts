import { circuitBreakerState } from '@portcullis/observability';
import { CallerFault, FailedAnswer, UpstreamBreakers } from './upstream-breakers';

describe('upstream circuit breakers', () => {
  const settings = { errorPercent: 50, minCalls: 4, windowMs: 10_000, resetMs: 1_000 };
  let events: string[];
  let breakers: UpstreamBreakers;

  beforeEach(() => {
    jest.useFakeTimers();
    events = [];
    breakers = new UpstreamBreakers(settings, (upstream, event) => events.push(`${upstream}:${event}`));
  });

  afterEach(() => {
    breakers.shutdown();
    jest.useRealTimers();
  });

  const fail = () => Promise.reject(new FailedAnswer({ status: 502 }));
  const ok = () => Promise.resolve('ok');

  it('stays closed below the volume threshold, then opens on the error rate and stops calling the upstream', async () => {
    for (let i = 0; i < 3; i++) await expect(breakers.run('api:a', fail)).rejects.toBeInstanceOf(FailedAnswer);
    expect(breakers.state('api:a')).toBe('closed');
    await expect(breakers.run('api:a', fail)).rejects.toBeInstanceOf(FailedAnswer);
    expect(breakers.state('api:a')).toBe('open');
    const call = jest.fn(ok);
    await expect(breakers.run('api:a', call)).rejects.toMatchObject({ code: 'EOPENBREAKER' });
    expect(call).not.toHaveBeenCalled();
    expect(events).toEqual(['api:a:open']);
  });

  it('goes half-open after the reset time, lets one probe through, and closes when it succeeds', async () => {
    for (let i = 0; i < 4; i++) await breakers.run('api:a', fail).catch(() => undefined);
    jest.advanceTimersByTime(1_000);
    expect(breakers.state('api:a')).toBe('halfOpen');
    let release!: (v: string) => void;
    const probe = breakers.run('api:a', () => new Promise<string>((r) => (release = r)));
    // While the probe is out, everything else is refused.
    await expect(breakers.run('api:a', ok)).rejects.toMatchObject({ code: 'EOPENBREAKER' });
    release('ok');
    await expect(probe).resolves.toBe('ok');
    expect(breakers.state('api:a')).toBe('closed');
    await expect(breakers.run('api:a', ok)).resolves.toBe('ok');
    expect(events).toEqual(['api:a:open', 'api:a:halfOpen', 'api:a:close']);
  });

  it('opens again when the half-open probe fails', async () => {
    for (let i = 0; i < 4; i++) await breakers.run('api:a', fail).catch(() => undefined);
    jest.advanceTimersByTime(1_000);
    await expect(breakers.run('api:a', fail)).rejects.toBeInstanceOf(FailedAnswer);
    expect(breakers.state('api:a')).toBe('open');
  });

  it('keeps one breaker per upstream', async () => {
    for (let i = 0; i < 4; i++) await breakers.run('api:a', fail).catch(() => undefined);
    await expect(breakers.run('api:b', ok)).resolves.toBe('ok');
    expect(breakers.state('api:b')).toBe('closed');
  });

  it("does not count the caller's own failures (an upload it broke off) against the upstream", async () => {
    const callerAborted = () =>
      Promise.reject(new CallerFault(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
    for (let i = 0; i < 8; i++) await expect(breakers.run('api:a', callerAborted)).rejects.toBeInstanceOf(CallerFault);
    expect(breakers.state('api:a')).toBe('closed');
    await expect(breakers.run('api:a', ok)).resolves.toBe('ok');
    expect(events).toEqual([]);
  });

  it("still counts the same error from the upstream (not marked as the caller's)", async () => {
    const upstreamReset = () =>
      Promise.reject(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    for (let i = 0; i < 4; i++) await breakers.run('api:a', upstreamReset).catch(() => undefined);
    expect(breakers.state('api:a')).toBe('open');
  });

  it('forgets an upstream: a fresh breaker next time, and no gauge label left for it meanwhile', async () => {
    for (let i = 0; i < 4; i++) await breakers.run('api:gone', fail).catch(() => undefined);
    const labelled = async () =>
      (await circuitBreakerState().get()).values.some((v) => v.labels.upstream === 'api:gone');
    expect(await labelled()).toBe(true);
    breakers.forget('api:gone');
    expect(await labelled()).toBe(false);
    expect(breakers.state('api:gone')).toBe('closed');
    await expect(breakers.run('api:gone', ok)).resolves.toBe('ok');
  });
});
