import { ConcurrencyGate } from './concurrency-gate';

describe('ConcurrencyGate', () => {
  it('makes the reader wait while every slot is taken, and wakes it when one frees', async () => {
    const gate = new ConcurrencyGate(2);
    gate.enter();
    gate.enter();
    expect(gate.free).toBe(0);
    let woke = false;
    const waiting = gate.waitForSlot().then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    gate.leave();
    await waiting;
    expect(woke).toBe(true);
  });

  it('drains: true once everything finished, false when the timeout passes first', async () => {
    const gate = new ConcurrencyGate(4);
    gate.enter();
    setTimeout(() => gate.leave(), 20);
    await expect(gate.drain(1000)).resolves.toBe(true);
    gate.enter();
    await expect(gate.drain(30)).resolves.toBe(false);
  });
});
