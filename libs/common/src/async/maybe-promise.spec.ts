import { andThen, isPromise } from './maybe-promise';

describe('MaybePromise', () => {
  it('tells a promise from a value, null and undefined included', () => {
    expect(isPromise(Promise.resolve(1))).toBe(true);
    expect(isPromise(1)).toBe(false);
    expect(isPromise(null)).toBe(false);
    expect(isPromise(undefined)).toBe(false);
  });

  it('runs the next step at once on a value at hand, creating no promise', () => {
    const seen: number[] = [];
    const result = andThen(2, (n) => {
      seen.push(n);
      return n * 3;
    });
    expect(result).toBe(6);
    expect(seen).toEqual([2]);
  });

  it('runs the next step once a promise resolves', async () => {
    const result = andThen(Promise.resolve(2), (n) => n * 3);
    expect(isPromise(result)).toBe(true);
    await expect(result).resolves.toBe(6);
  });

  it('lets a rejection through as a rejection, and a throw on a value at hand as a throw', async () => {
    const next = jest.fn();
    await expect(andThen(Promise.reject(new Error('gone')), next)).rejects.toThrow('gone');
    expect(next).not.toHaveBeenCalled();
    expect(() =>
      andThen(1, () => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
  });
});
