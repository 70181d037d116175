import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same text whatever order the keys arrive in', () => {
    const one = JSON.parse('{"type":"auth.logout","data":{"sessionId":"s","x":1}}');
    const other = JSON.parse('{"data":{"x":1,"sessionId":"s"},"type":"auth.logout"}');
    expect(canonicalJson(one)).toBe(canonicalJson(other));
  });

  it('writes strings and numbers as JSON does (which is what RFC 8785 asks)', () => {
    expect(canonicalJson({ s: 'é "q" \n', n: 1e21, f: 0.1, neg: -0 })).toBe(
      '{"f":0.1,"n":1e+21,"neg":0,"s":"é \\"q\\" \\n"}',
    );
  });

  it('sorts by UTF-16 code units, drops undefined members and writes undefined array items as null', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, gone: undefined, list: [undefined] })).toBe(
      '{"Z":3,"list":[null],"z":2,"é":1}',
    );
  });
});
