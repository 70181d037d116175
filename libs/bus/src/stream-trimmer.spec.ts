import { compareIds, successor } from './stream-trimmer';

describe('stream id arithmetic', () => {
  it('orders ids by time, then sequence, numerically rather than as text', () => {
    expect(compareIds('9-0', '10-0')).toBe(-1);
    expect(compareIds('10-2', '10-10')).toBe(-1);
    expect(compareIds('10-10', '10-10')).toBe(0);
    expect(compareIds('1795333178867-6', '1795333178867-5')).toBe(1);
  });

  it('names the id right after a delivered one', () => {
    expect(successor('1795333178867-6')).toBe('1795333178867-7');
  });
});
