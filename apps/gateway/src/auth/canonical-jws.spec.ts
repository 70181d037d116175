import { isCanonicalCompactJws } from './canonical-jws';

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const header = b64('{"alg":"RS256","kid":"k1","typ":"JWT"}');
const payload = b64('{"sub":"u1"}');
const signature = Buffer.from([0xfb, 0xff, 0x01, 0x02, 0x03]).toString('base64url');

describe('isCanonicalCompactJws', () => {
  it('accepts three canonical base64url segments', () => {
    expect(isCanonicalCompactJws(`${header}.${payload}.${signature}`)).toBe(true);
  });

  it.each([
    ['trailing padding', `${header}.${payload}.${signature}==`],
    ['padding in the middle segment', `${header}.${b64('{"sub":"u"}')}=.${signature}`],
    [
      'standard base64 characters',
      `${header}.${payload}.${Buffer.from([0xfb, 0xff, 0x01, 0x02, 0x03]).toString('base64')}`,
    ],
    [
      'stray bits in the last character',
      `${header}.${payload}.${signature.slice(0, -1)}${String.fromCharCode(signature.charCodeAt(signature.length - 1) + 1)}`,
    ],
    ['a length no encoder produces', `${header}.${payload}.${signature}AA`],
    ['whitespace', `${header}.${payload}.${signature} `],
    ['an empty segment', `${header}.${payload}.`],
    ['two segments', `${header}.${payload}`],
  ])('refuses %s', (_label, token) => {
    expect(isCanonicalCompactJws(token)).toBe(false);
  });
});
