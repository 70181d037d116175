import { LookupAddress } from 'dns';
import { guardedLookup, ipLiteralRefusal, pinnedLookup } from './pinned-lookup';

type Resolver = Parameters<typeof guardedLookup>[1];

/** A resolver answering from a table, as dns.lookup(host, {all: true}) would. */
const resolverOf = (table: Record<string, string[]>): Resolver =>
  ((hostname: string, _options: unknown, callback: (err: Error | null, found: LookupAddress[]) => void) => {
    const found = table[hostname];
    if (!found) return callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
    callback(
      null,
      found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  }) as unknown as Resolver;

function ask(lookup: ReturnType<typeof guardedLookup>, hostname: string, all = false): Promise<unknown> {
  return new Promise((resolve, reject) =>
    lookup(hostname, { all }, (err: Error | null, address: unknown) => (err ? reject(err) : resolve(address))),
  );
}

describe('connect-time SSRF lookups', () => {
  const table = {
    'api.example': ['93.184.216.34'],
    'rebound.example': ['93.184.216.34', '10.0.0.5'],
    'local.example': ['127.0.0.1'],
    'imds.example': ['169.254.169.254'],
  };

  it('connects to public addresses only, refusing a name with any private answer', async () => {
    const lookup = guardedLookup(false, resolverOf(table));
    await expect(ask(lookup, 'api.example')).resolves.toBe('93.184.216.34');
    await expect(ask(lookup, 'rebound.example')).rejects.toMatchObject({ code: 'EFORBIDDENADDRESS' });
    await expect(ask(lookup, 'local.example')).rejects.toMatchObject({ code: 'EFORBIDDENADDRESS' });
    await expect(ask(lookup, 'nowhere.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('lets private addresses through when allowed, never metadata', async () => {
    const lookup = guardedLookup(true, resolverOf(table));
    await expect(ask(lookup, 'local.example')).resolves.toBe('127.0.0.1');
    await expect(ask(lookup, 'imds.example')).rejects.toMatchObject({ code: 'EFORBIDDENADDRESS' });
    await expect(ask(lookup, 'metadata.google.internal')).rejects.toMatchObject({ code: 'EFORBIDDENADDRESS' });
  });

  it('answers every address when asked for all', async () => {
    await expect(ask(guardedLookup(true, resolverOf(table)), 'rebound.example', true)).resolves.toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ]);
  });

  it('pins: answers only the addresses it was given, whatever the name', async () => {
    await expect(ask(pinnedLookup(['93.184.216.34']) as never, 'anything.example')).resolves.toBe('93.184.216.34');
  });

  it('checks an IP-literal host itself (Node connects to an address without a lookup), leaving names to the lookup', () => {
    for (const host of ['127.0.0.1', '10.0.0.5', '[::1]', '169.254.169.254', '[fd00::1]'])
      expect(ipLiteralRefusal(host, false)).toMatchObject({ code: 'EFORBIDDENADDRESS' });
    expect(ipLiteralRefusal('127.0.0.1', true)).toBeUndefined();
    expect(ipLiteralRefusal('169.254.169.254', true)).toMatchObject({ code: 'EFORBIDDENADDRESS' });
    expect(ipLiteralRefusal('93.184.216.34', false)).toBeUndefined();
    expect(ipLiteralRefusal('local.example', false)).toBeUndefined();
  });
});
