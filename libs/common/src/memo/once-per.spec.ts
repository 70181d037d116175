import { OncePer } from './once-per';

describe('OncePer', () => {
  it('makes a value once per object and hands the same one out again; another object gets its own', () => {
    let made = 0;
    const doubled = new OncePer((box: { n: number }) => ({ n: box.n * 2, made: ++made }));
    const a = { n: 1 };
    const b = { n: 1 };
    const first = doubled.of(a);
    expect(doubled.of(a)).toBe(first);
    expect(doubled.of(b)).not.toBe(first);
    expect(doubled.of(b)).toEqual({ n: 2, made: 2 });
    expect(made).toBe(2);
  });
});
