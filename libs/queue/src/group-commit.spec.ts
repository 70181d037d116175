import { GroupCommit } from './group-commit';

/** A write the test finishes by hand, recording each batch it was given. */
function manualWriter() {
  const batches: number[][] = [];
  const finish: Array<(err?: Error) => void> = [];
  const write = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(items);
      finish.push((err) => (err ? reject(err) : resolve()));
    });
  return { batches, finish, write };
}

const settled = async <T>(p: Promise<T>) => {
  let state = 'pending';
  p.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((r) => setImmediate(r));
  return state;
};

describe('GroupCommit', () => {
  it('writes the items of one turn together and resolves nobody before the write', async () => {
    const w = manualWriter();
    const commit = new GroupCommit(w.write);
    const adds = [1, 2, 3].map((n) => commit.add(n));
    await new Promise((r) => setImmediate(r));
    expect(w.batches).toEqual([[1, 2, 3]]);
    expect(await settled(adds[0])).toBe('pending');
    w.finish[0]();
    await expect(Promise.all(adds)).resolves.toEqual([undefined, undefined, undefined]);
  });

  it('gathers what arrives during a write into the next batch', async () => {
    const w = manualWriter();
    const commit = new GroupCommit(w.write);
    const first = commit.add(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3, 4].map((n) => commit.add(n));
    await new Promise((r) => setImmediate(r));
    expect(w.batches).toEqual([[1]]);
    w.finish[0]();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(w.batches).toEqual([[1], [2, 3, 4]]);
    w.finish[1]();
    await Promise.all(later);
  });

  it("rejects exactly the failed batch's callers, and goes on with the next", async () => {
    const w = manualWriter();
    const commit = new GroupCommit(w.write);
    const doomed = commit.add(1);
    await new Promise((r) => setImmediate(r));
    const fine = commit.add(2);
    w.finish[0](new Error('redis down'));
    await expect(doomed).rejects.toThrow('redis down');
    await new Promise((r) => setImmediate(r));
    w.finish[1]();
    await expect(fine).resolves.toBeUndefined();
    expect(w.batches).toEqual([[1], [2]]);
  });

  it('caps a batch at maxBatch items', async () => {
    const written: number[][] = [];
    const commit = new GroupCommit<number>(async (items) => void written.push(items), 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => commit.add(n)));
    expect(written).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('hands each caller what the write said of its own item', async () => {
    const commit = new GroupCommit<number, string>(async (items) => items.map((n) => `wrote ${n}`));
    await expect(Promise.all([1, 2, 3].map((n) => commit.add(n)))).resolves.toEqual(['wrote 1', 'wrote 2', 'wrote 3']);
  });
});
