import { LookupAddress } from 'dns';
import { assertPublicUrl, ForbiddenUrlError, isPublicAddress } from './ssrf-guard';

/** A resolver that answers from a table, so no test depends on real DNS. */
const resolver =
  (table: Record<string, string[]>) =>
  async (host: string): Promise<LookupAddress[]> => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

async function refusal(url: string, table: Record<string, string[]> = {}): Promise<string | undefined> {
  try {
    await assertPublicUrl(url, { lookup: resolver(table) });
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(ForbiddenUrlError);
    return (err as ForbiddenUrlError).reason;
  }
}

describe('isPublicAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback /8'],
    ['10.1.2.3', 'private 10/8'],
    ['172.16.0.1', 'private 172.16/12 (start)'],
    ['172.31.255.254', 'private 172.16/12 (end)'],
    ['192.168.1.1', 'private 192.168/16'],
    ['100.64.0.1', 'CGNAT 100.64/10'],
    ['100.127.255.254', 'CGNAT (end)'],
    ['169.254.169.254', 'cloud metadata (link-local)'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', '0.0.0.0/8'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fe80::1', 'IPv6 link-local'],
    ['febf::1', 'IPv6 link-local (end of fe80::/10)'],
    ['fc00::1', 'unique-local fc00::/7'],
    ['fd12:3456::1', 'unique-local fd00::/8'],
    ['ff02::1', 'IPv6 multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex form'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of the metadata address'],
    ['2002:7f00:1::', '6to4 of loopback'],
    ['not-an-ip', 'garbage'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '11.0.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('accepts the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('assertPublicUrl', () => {
  it('accepts an https URL whose host resolves only to public addresses, and says which', async () => {
    const checked = await assertPublicUrl('https://hooks.example.com/in', {
      lookup: resolver({ 'hooks.example.com': ['93.184.215.14', '2606:4700::1'] }),
    });
    expect(checked.addresses).toEqual(['93.184.215.14', '2606:4700::1']);
  });

  it('refuses a host with any private address among its answers', async () => {
    expect(await refusal('https://mixed.example.com/', { 'mixed.example.com': ['93.184.215.14', '10.0.0.5'] })).toBe(
      'forbidden-address',
    );
  });

  it('refuses IP literals in every spelling the URL parser normalises', async () => {
    const literals = {
      '127.0.0.1': ['127.0.0.1'],
      '::1': ['::1'],
      '169.254.169.254': ['169.254.169.254'],
      '::ffff:7f00:1': ['::ffff:7f00:1'],
    };
    for (const url of [
      'http://127.0.0.1/',
      'http://0x7f.1/',
      'http://2130706433/',
      'http://[::1]:8080/',
      'http://169.254.169.254/latest/meta-data',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      expect(await refusal(url, literals)).toBe('forbidden-address');
    }
  });

  it('refuses schemes other than http and https', async () => {
    for (const url of [
      'ftp://example.com/',
      'file:///etc/passwd',
      'gopher://example.com/',
      'javascript:alert(1)',
      'data:text/plain,hi',
    ]) {
      expect(await refusal(url)).toBe('scheme');
    }
  });

  it('refuses credentials in the URL, relative URLs and unresolvable hosts', async () => {
    expect(await refusal('https://user:pw@example.com/')).toBe('credentials');
    expect(await refusal('/relative/path')).toBe('invalid-url');
    expect(await refusal('https://nowhere.invalid/')).toBe('unresolvable');
  });

  it('resolves with the real resolver too: localhost is loopback', async () => {
    await expect(assertPublicUrl('http://localhost:3000/')).rejects.toMatchObject({ reason: 'forbidden-address' });
  });

  it('lets private targets through when they are allowed (never the URL checks), with the addresses to pin', async () => {
    await expect(assertPublicUrl('http://127.0.0.1:9/', { allowPrivate: true })).resolves.toMatchObject({
      addresses: ['127.0.0.1'],
    });
    const lookup = resolver({ 'dev.internal': ['10.0.0.7', 'fd12::7'], 'cgnat.internal': ['100.64.0.9'] });
    await expect(assertPublicUrl('http://dev.internal/', { allowPrivate: true, lookup })).resolves.toMatchObject({
      addresses: ['10.0.0.7', 'fd12::7'],
    });
    await expect(assertPublicUrl('http://cgnat.internal/', { allowPrivate: true, lookup })).resolves.toMatchObject({
      addresses: ['100.64.0.9'],
    });
    await expect(assertPublicUrl('ftp://127.0.0.1/', { allowPrivate: true })).rejects.toMatchObject({
      reason: 'scheme',
    });
  });

  it('refuses cloud metadata and link-local even when private targets are allowed', async () => {
    const lookup = resolver({
      '169.254.169.254': ['169.254.169.254'],
      '::ffff:a9fe:a9fe': ['::ffff:169.254.169.254'],
      'fe80::1': ['fe80::1'],
      'fd00:ec2::254': ['fd00:ec2::254'],
      '100.100.100.200': ['100.100.100.200'],
      '64:ff9b::a9fe:a9fe': ['64:ff9b::a9fe:a9fe'],
      'rebound.example': ['10.0.0.1', '169.254.169.254'],
      'metadata.google.internal': ['10.0.0.1'],
    });
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/',
      'http://0xa9fea9fe/',
      'http://2852039166/',
      'http://0251.0376.0251.0376/',
      'http://[fe80::1]/',
      'http://[fd00:ec2::254]/',
      'http://100.100.100.200/',
      'http://[64:ff9b::a9fe:a9fe]/',
      'http://rebound.example/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://METADATA.google.internal./',
    ]) {
      const refused = await assertPublicUrl(url, { allowPrivate: true, lookup }).then(
        () => 'accepted',
        (err: ForbiddenUrlError) => err.reason,
      );
      expect({ url, refused }).toEqual({ url, refused: 'forbidden-address' });
    }
  });

  it('refuses metadata host names without asking DNS, in production mode too', async () => {
    expect(await refusal('http://metadata.google.internal/', { 'metadata.google.internal': ['93.184.215.14'] })).toBe(
      'forbidden-address',
    );
    expect(await refusal('http://168.63.129.16/', { '168.63.129.16': ['168.63.129.16'] })).toBe('forbidden-address');
  });
});
