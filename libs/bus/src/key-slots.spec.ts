import { hashTagOf, recordingScriptRedis } from '@portcullis/testing';
import Redis from 'ioredis';
import { ConsumerHeartbeat } from './consumer-heartbeat';
import { DeadConsumers } from './dead-consumers';
import { streamKeys } from './stream-keys';

/**
 * Redis Cluster runs a script or a MULTI only on keys of one slot: every bus key carries the
 * deployment's hash tag, and the heartbeat script's keys (a stream and a heartbeat) share it.
 */
describe('bus keys on Redis Cluster', () => {
  it('gives every stream and heartbeat key the deployment tag', () => {
    const keys = [
      streamKeys.rpc('deploy-1', 'user'),
      streamKeys.events('deploy-1'),
      streamKeys.deadLetter('deploy-1', 'user'),
      streamKeys.alive('deploy-1', 'user', 'pod-a'),
    ];
    expect(keys.map(hashTagOf)).toEqual(keys.map(() => 'deploy-1'));
  });

  it('passes the forget-dead-consumer script keys of one slot', async () => {
    const { redis, calls } = recordingScriptRedis();
    const dead = new DeadConsumers(redis as unknown as Redis, {} as ConsumerHeartbeat, 'deploy-1', 'user');
    await dead.forget(streamKeys.rpc('deploy-1', 'user'), 'pod-a');

    expect(calls).toEqual([{ command: 'eval', keys: ['{deploy-1}:bus:rpc:user', '{deploy-1}:bus:alive:user:pod-a'] }]);
    expect(calls[0].keys.map(hashTagOf)).toEqual(['deploy-1', 'deploy-1']);
  });
});
