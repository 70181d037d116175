import { containsPattern } from './like-pattern';

describe('containsPattern', () => {
  it('wraps plain text in % on both sides', () => {
    expect(containsPattern('ada')).toBe('%ada%');
  });

  it('escapes LIKE wildcards and the escape character, so they match only themselves', () => {
    expect(containsPattern('100%_x')).toBe('%100\\%\\_x%');
    expect(containsPattern('a\\b')).toBe('%a\\\\b%');
  });
});
