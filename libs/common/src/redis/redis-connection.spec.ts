import Redis, { Cluster } from 'ioredis';
import { clusterOptions, createRedis, redisOptions, RedisConnectionSettings } from './redis-connection';

const node = (host: string, port: number) => ({ host, port });

describe('redisOptions', () => {
  it('reaches one server from the URL, with its credentials and database', () => {
    const options = redisOptions({ url: 'redis://app:p%40ss@redis.internal:6380/2' });

    expect(options).toEqual({ host: 'redis.internal', port: 6380, username: 'app', password: 'p@ss', db: 2 });
  });

  it('defaults the port and the database', () => {
    expect(redisOptions({ url: 'redis://127.0.0.1' })).toMatchObject({ host: '127.0.0.1', port: 6379, db: 0 });
  });

  it('turns TLS on for rediss://, verifying certificates unless told not to, with the CA given', () => {
    expect(redisOptions({ url: 'rediss://redis.internal' }).tls).toEqual({ rejectUnauthorized: true });
    expect(redisOptions({ url: 'redis://redis.internal', tlsCa: 'PEM' }).tls).toBeUndefined();

    const options = redisOptions({ url: 'rediss://redis.internal', tlsCa: 'PEM', tlsRejectUnauthorized: false });
    expect(options.tls).toEqual({ ca: 'PEM', rejectUnauthorized: false });
  });

  it('asks the sentinels for the master, with the URL’s credentials and database', () => {
    const settings: RedisConnectionSettings = {
      url: 'redis://:secret@ignored:1/1',
      sentinels: [node('s1', 26379), node('s2', 26380)],
      sentinelName: 'portcullis',
    };

    const options = redisOptions(settings);

    expect(options).toEqual({
      sentinels: [node('s1', 26379), node('s2', 26380)],
      name: 'portcullis',
      password: 'secret',
      username: undefined,
      db: 1,
    });
    expect(options).not.toHaveProperty('host');
  });

  it('speaks TLS to the sentinels too on a rediss:// deployment', () => {
    const options = redisOptions({
      url: 'rediss://h',
      tlsCa: 'PEM',
      sentinels: [node('s1', 26379)],
      sentinelName: 'm',
    });

    expect(options).toMatchObject({
      tls: { ca: 'PEM', rejectUnauthorized: true },
      enableTLSForSentinelMode: true,
      sentinelTLS: { ca: 'PEM', rejectUnauthorized: true },
    });
  });

  it('keeps each connection’s own overrides', () => {
    const options = redisOptions({ url: 'redis://h' }, { lazyConnect: true, maxRetriesPerRequest: null });

    expect(options).toMatchObject({ lazyConnect: true, maxRetriesPerRequest: null });
  });
});

describe('clusterOptions', () => {
  it('gives every node the credentials, TLS and per-connection overrides; lazyConnect is the cluster’s', () => {
    const settings = { url: 'rediss://app:pw@ignored', clusterNodes: [node('n1', 7000)], tlsRejectUnauthorized: false };

    const options = clusterOptions(settings, { lazyConnect: true, maxRetriesPerRequest: 1 });

    expect(options).toEqual({
      lazyConnect: true,
      redisOptions: { username: 'app', password: 'pw', tls: { rejectUnauthorized: false }, maxRetriesPerRequest: 1 },
    });
  });
});

describe('createRedis', () => {
  const clients: Array<Redis | Cluster> = [];
  afterAll(() => clients.forEach((c) => c.disconnect()));
  const created = (settings: RedisConnectionSettings) => {
    const client = createRedis(settings, { lazyConnect: true });
    clients.push(client);
    return client;
  };

  it('makes a cluster client when cluster nodes are given, a plain connection otherwise', () => {
    const cluster = created({ url: 'redis://h', clusterNodes: [node('n1', 7000), node('n2', 7001)] });
    const single = created({ url: 'redis://h:6390/3' });

    expect(cluster).toBeInstanceOf(Cluster);
    expect((cluster as unknown as { startupNodes: unknown }).startupNodes).toEqual([
      node('n1', 7000),
      node('n2', 7001),
    ]);
    expect(single).toBeInstanceOf(Redis);
    expect((single as Redis).options).toMatchObject({ host: 'h', port: 6390, db: 3, lazyConnect: true });
  });

  it('makes a Sentinel-backed connection when sentinels are given', () => {
    const redis = created({ url: 'redis://h', sentinels: [node('s1', 26379)], sentinelName: 'm' }) as Redis;

    expect(redis).toBeInstanceOf(Redis);
    expect(redis.options).toMatchObject({ sentinels: [node('s1', 26379)], name: 'm' });
  });
});
