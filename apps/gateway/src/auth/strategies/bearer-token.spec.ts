import { ExtractJwt } from 'passport-jwt';
import { bearerToken } from './bearer-token';

const passportBearerToken = ExtractJwt.fromAuthHeaderAsBearerToken() as (request: unknown) => string | null;
const requestWith = (authorization: unknown) => ({ headers: { authorization } });

/** A small seeded generator (mulberry32), so a failure names a header that can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('bearerToken', () => {
  const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl-_';

  it.each([
    [`Bearer ${token}`, token],
    [`bearer ${token}`, token],
    [`BEARER ${token}`, token],
    [`Bearer  ${token}`, token],
    [`Bearer\t${token}`, token],
    [`  Bearer ${token}`, token],
    [`Bearer ${token} trailing`, token],
    [`Bearer ${token}\ttrailing`, token],
    [`Bearer ${token}\xa0trailing`, token],
    [`Bearer ${token}\vtrailing`, token],
    [`Bearer ${token} `, token],
    ['Bearer ', null],
    ['Bearer', null],
    ['', null],
    [`Basic ${token}`, null],
    [`Bearer2 ${token}`, null],
    [`Bearer_${token}`, null],
  ])('%j gives %j', (header, expected) => {
    expect(bearerToken(requestWith(header))).toBe(expected);
    expect(passportBearerToken(requestWith(header))).toBe(expected);
  });

  it('gives null without an Authorization header or with one that is not a string', () => {
    expect(bearerToken({ headers: {} })).toBeNull();
    expect(bearerToken(requestWith([`Bearer ${token}`]))).toBeNull();
    expect(bearerToken(requestWith(undefined))).toBeNull();
  });

  it("answers as passport-jwt's extractor does for any header of the characters HTTP allows", () => {
    const next = random(14);
    const pieces = [
      'Bearer',
      'bearer',
      'BeArEr',
      'Basic',
      ' ',
      '  ',
      '\t',
      '\xa0',
      'a',
      'Z',
      '.',
      '-',
      '_',
      '=',
      'é',
      token,
    ];
    for (let i = 0; i < 5_000; i++) {
      let header = next() < 0.7 ? 'Bearer ' : '';
      for (let n = Math.floor(next() * 6); n > 0; n--) header += pieces[Math.floor(next() * pieces.length)];
      expect([header, bearerToken(requestWith(header))]).toEqual([header, passportBearerToken(requestWith(header))]);
    }
  });
});
