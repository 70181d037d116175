import { AppError } from '@portcullis/common';
import { ErrorCode } from '@portcullis/contracts';
import { BUS_BREAKER_DEFAULTS, BusBreakers } from './bus-breakers';
import { BusTimeoutError } from './bus-errors';
import { NO_BUS_OBSERVER } from './bus-observer';

const codeOf = (err: unknown) => (err as { code?: string }).code;

/** A service that times out (or answers) as told, counting the calls that reached it. */
function service() {
  const state = { calls: 0, answer: 'timeout' as 'timeout' | 'ok' | 'refused' };
  const send = () => {
    state.calls++;
    if (state.answer === 'ok') return Promise.resolve('pong');
    if (state.answer === 'refused') return Promise.reject(new AppError(ErrorCode.AUTH_FORBIDDEN, 'no'));
    return Promise.reject(new BusTimeoutError('security.checkLogin', 5000));
  };
  return { state, send };
}

describe('BusBreakers (a breaker per called service)', () => {
  let breakers: BusBreakers;
  const states: string[] = [];
  beforeEach(() => {
    states.length = 0;
    breakers = new BusBreakers(
      { ...BUS_BREAKER_DEFAULTS, resetMs: 200 },
      {
        ...NO_BUS_OBSERVER,
        breakerCreated: (name, breaker) => {
          for (const event of ['open', 'halfOpen', 'close'] as const)
            breaker.on(event, () => states.push(`${name} ${event}`));
        },
      },
    );
  });
  afterEach(() => breakers.shutdown());

  const call = (s: ReturnType<typeof service>, evidence = true, name = 'security') =>
    breakers.run(name, `${name}.checkLogin`, s.send, evidence ? 5000 : 300).then(
      () => 'ok',
      (err: unknown) => codeOf(err),
    );

  it('opens after timeouts with time to spare, then fails at once with BUS_UNAVAILABLE without calling', async () => {
    const security = service();
    expect([await call(security), await call(security), await call(security)]).toEqual(Array(3).fill('BUS_TIMEOUT'));
    expect(await call(security)).toBe('BUS_UNAVAILABLE');
    expect(security.state.calls).toBe(3);
    expect(states).toEqual(['rpc:security open']);
    // Another service is not held to it.
    const user = service();
    user.state.answer = 'ok';
    expect(await call(user, true, 'user')).toBe('ok');
  });

  it('lets one call probe after resetMs; an answer closes it', async () => {
    const security = service();
    for (let i = 0; i < 3; i++) await call(security);
    security.state.answer = 'ok';
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await call(security)).toBe('ok');
    expect(states).toEqual(['rpc:security open', 'rpc:security halfOpen', 'rpc:security close']);
    expect(await call(security)).toBe('ok');
  });

  it("never opens on the service's answers, however many are refusals", async () => {
    const security = service();
    security.state.answer = 'refused';
    for (let i = 0; i < 10; i++) expect(await call(security)).toBe('AUTH_FORBIDDEN');
    expect(security.state.calls).toBe(10);
    expect(states).toEqual([]);
  });

  it('holds no timeout against the service when the call was given too little time to tell', async () => {
    const security = service();
    for (let i = 0; i < 10; i++) expect(await call(security, false)).toBe('BUS_TIMEOUT');
    expect(security.state.calls).toBe(10);
    expect(states).toEqual([]);
  });
});
