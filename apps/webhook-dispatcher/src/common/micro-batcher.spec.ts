import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('runs what is submitted together as one batch and gives each caller its own result', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher({
      name: 'test',
      run: async (inputs: number[]) => (batches.push(inputs), inputs.map((n) => n * 10)),
    });
    await expect(Promise.all([1, 2, 3].map((n) => batcher.submit(n)))).resolves.toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
    await batcher.submit(4);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('splits a burst larger than the batch size', async () => {
    const sizes: number[] = [];
    const batcher = new MicroBatcher({
      name: 'test',
      maxBatch: 2,
      run: async (inputs: number[]) => (sizes.push(inputs.length), inputs),
    });
    await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.submit(n)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('when a batch fails, retries its inputs one by one so only the bad one fails', async () => {
    const batcher = new MicroBatcher({
      name: 'test',
      run: async (inputs: string[]) => {
        if (inputs.includes('bad')) throw new Error('bad input');
        return inputs.map((s) => s.toUpperCase());
      },
    });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((s) => batcher.submit(s)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('bad input') },
      { status: 'fulfilled', value: 'C' },
    ]);
  });

  it('with a bound on batches in flight, gathers what arrives meanwhile into the next batch', async () => {
    const batches: number[][] = [];
    const gates: Array<() => void> = [];
    const batcher = new MicroBatcher({
      name: 'test',
      maxInFlight: 1,
      run: (inputs: number[]) =>
        new Promise<number[]>((resolve) => (batches.push(inputs), gates.push(() => resolve(inputs)))),
    });
    const first = batcher.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((n) => batcher.submit(n));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1]]);
    gates[0]();
    await expect(first).resolves.toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1], [2, 3, 4]]);
    gates[1]();
    await expect(Promise.all(later)).resolves.toEqual([2, 3, 4]);
  });
});
