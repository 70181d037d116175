import { TurnBatcher } from './turn-batcher';

/** A send that records each batch and answers every item with itself doubled. */
function recording(fail?: () => never) {
  const sent: number[][] = [];
  const batcher = new TurnBatcher<number, number>(
    (items) => {
      sent.push(items);
      if (fail) fail();
      return Promise.resolve(items.map((i) => i * 2));
    },
    { maxWeight: 10, weightOf: (item) => item },
  );
  return { sent, batcher };
}

describe('TurnBatcher', () => {
  it('sends each group of a turn apart, in the order its items came, and answers each item', async () => {
    const { sent, batcher } = recording();
    const answers = await Promise.all([batcher.add(1, 'a'), batcher.add(2, 'b'), batcher.add(3, 'a')]);
    expect(answers).toEqual([2, 4, 6]);
    expect(sent).toEqual([[1, 3], [2]]);
  });

  it('sends a group at once when it reaches its weight, and what follows at the end of the turn', async () => {
    const { sent, batcher } = recording();
    const pending = [batcher.add(6), batcher.add(4), batcher.add(1)];
    expect(sent).toEqual([[6, 4]]);
    await Promise.all(pending);
    expect(sent).toEqual([[6, 4], [1]]);
  });

  it('rejects every item of a batch whose send throws before it returns a promise', async () => {
    const { batcher } = recording(() => {
      throw new Error('bad arguments');
    });
    const results = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
