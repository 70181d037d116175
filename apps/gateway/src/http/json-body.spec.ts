import { jsonDepthExceeds } from './json-body';

describe('jsonDepthExceeds', () => {
  it('counts nesting of objects and arrays', () => {
    expect(jsonDepthExceeds('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(jsonDepthExceeds('['.repeat(20_000) + ']'.repeat(20_000), 32)).toBe(true);
    // More brackets than the limit, side by side rather than nested: shallow.
    expect(jsonDepthExceeds(`[${'{"a":[1]},'.repeat(100)}{}]`, 3)).toBe(false);
    expect(jsonDepthExceeds(`[${'{"a":[1]},'.repeat(100)}{"b":[[1]]}]`, 3)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[[\\"' }), 1)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ a: 'ends with a backslash \\', b: [[1]] }), 2)).toBe(true);
  });
});
