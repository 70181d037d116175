import { BroadcastChannel } from '@portcullis/bus';
import { MeReply, USER_CHANGED_TOPIC } from '@portcullis/contracts';
import { testEnv, waitFor } from '@portcullis/testing';
import Redis from 'ioredis';
import { UserViewCache } from '../src/auth/user-view.cache';

const view = (permissions: string[]): MeReply =>
  ({ id: 'u1', email: 'u1@example.com', displayName: null, roles: ['user'], permissions }) as unknown as MeReply;

/** Two gateway replicas' caches over one real Redis: L1 each, L2 shared. */
describe('UserViewCache (L1 in memory over L2 in Redis)', () => {
  const env = testEnv('user-view-cache');
  const redis = new Redis(env.REDIS_URL);
  const settings = {
    issuer: 'i',
    audience: 'a',
    tokenCacheSize: 10,
    redisPrefix: env.REDIS_PREFIX,
    userViewTtlSeconds: 30,
  };
  const replicas = [new UserViewCache(redis, settings), new UserViewCache(redis, settings)];
  const [a, b] = replicas;
  const notices = new BroadcastChannel(redis, env.REDIS_PREFIX);
  let loads = 0;
  let current = view(['users:read']);
  const load = async () => {
    loads += 1;
    return current;
  };

  beforeAll(() => Promise.all(replicas.map((r) => r.onApplicationBootstrap())));
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.onApplicationShutdown()));
    await redis.quit();
  });

  it('computes a view once for every replica: the second reads it from Redis', async () => {
    await expect(a.get('u1', load)).resolves.toEqual(current);
    await expect(b.get('u1', load)).resolves.toEqual(current);
    // Now in memory: answered at once, not as a promise (every permission check takes this path).
    expect(a.get('u1', load)).toEqual(current);
    expect(loads).toBe(1);
    expect(await redis.ttl(`${env.REDIS_PREFIX}:gateway:user-view:u1`)).toBeGreaterThan(0);
  });

  it('drops the view on every replica and in Redis when the user app announces a change', async () => {
    current = view(['users:read', 'users:write']);
    await notices.publish(USER_CHANGED_TOPIC, { userId: 'u1' });
    await waitFor(async () => (await redis.exists(`${env.REDIS_PREFIX}:gateway:user-view:u1`)) === 0, {
      what: 'the shared view to go',
    });
    await waitFor(async () => (await b.get('u1', load)).permissions.includes('users:write'), {
      what: 'replica b to see the change',
    });
    await waitFor(async () => (await a.get('u1', load)).permissions.includes('users:write'), {
      what: 'replica a to see the change',
    });
  });

  it('with the cache off, still makes one load for concurrent requests of one user, and keeps nothing', async () => {
    const off = new UserViewCache(redis, { ...settings, userViewTtlSeconds: 0 });
    let offLoads = 0;
    const slowLoad = async () => {
      offLoads += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return view(['off']);
    };
    await Promise.all(Array.from({ length: 5 }, async () => off.get('u3', slowLoad)));
    expect(offLoads).toBe(1);
    await off.get('u3', slowLoad);
    expect(offLoads).toBe(2);
    expect(await redis.exists(`${env.REDIS_PREFIX}:gateway:user-view:u3`)).toBe(0);
  });

  it('does not cache a load that a change notice overtook (it may hold the old view)', async () => {
    await a.forget('u2');
    let release!: () => void;
    const slow = () => new Promise<MeReply>((resolve) => (release = () => resolve(view(['stale']))));
    const first = a.get('u2', slow);
    await waitFor(() => release !== undefined, { what: 'the load to start' });
    await a.forget('u2');
    release();
    await expect(first).resolves.toEqual(view(['stale']));
    await expect(a.get('u2', async () => view(['fresh']))).resolves.toEqual(view(['fresh']));
    expect(JSON.parse((await redis.get(`${env.REDIS_PREFIX}:gateway:user-view:u2`))!).view.permissions).toEqual([
      'fresh',
    ]);
  });
});
