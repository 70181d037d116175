import { Cluster } from 'ioredis';
import { bullConnection, bullPrefix } from './bull-connection';

describe('bullConnection', () => {
  it('gives BullMQ options for one server, never giving up on a command (blocking workers need that)', () => {
    expect(bullConnection({ url: 'rediss://:pw@redis.internal:6380/1' })).toEqual({
      host: 'redis.internal',
      port: 6380,
      username: undefined,
      password: 'pw',
      db: 1,
      tls: { rejectUnauthorized: true },
      maxRetriesPerRequest: null,
    });
  });

  it('gives options naming the sentinels for a Sentinel group', () => {
    const sentinels = [{ host: 's1', port: 26379 }];

    expect(bullConnection({ url: 'redis://h', sentinels, sentinelName: 'm' })).toMatchObject({
      sentinels,
      name: 'm',
      maxRetriesPerRequest: null,
    });
  });

  it('gives a cluster client for a Cluster, which has no options form BullMQ could open', () => {
    const connection = bullConnection({ url: 'redis://h', clusterNodes: [{ host: 'n1', port: 7000 }] });
    try {
      expect(connection).toBeInstanceOf(Cluster);
      expect((connection as Cluster).options.redisOptions).toMatchObject({ maxRetriesPerRequest: null });
    } finally {
      (connection as Cluster).disconnect();
    }
  });
});

describe('bullPrefix', () => {
  it('puts every queue key of a deployment in its hash tag, so BullMQ scripts run on a Cluster', () => {
    const waitKey = `${bullPrefix('deploy-1')}:webhook-delivery:wait`;

    // Redis Cluster hashes only the part inside the first {…}: every queue of the deployment shares it.
    expect(waitKey).toBe('{deploy-1}:bull:webhook-delivery:wait');
  });
});
