import { RedisClient } from '@portcullis/common';
import { ConsumerHeartbeat } from './consumer-heartbeat';
import { streamKeys } from './stream-keys';

export interface GroupConsumer {
  name: string;
  pending: number;
}

/**
 * Forgets a consumer only if it still holds nothing and still has no heartbeat, in one atomic step:
 * DELCONSUMER drops whatever the consumer holds from the group for good, so a replica that came
 * back to life between the look and the delete must keep its name.
 */
const FORGET_IF_EMPTY_AND_DEAD = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if #redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2]) > 0 then return 0 end
return redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
`;

/** The consumers of one group, as the dead-consumer takeover sees them. */
export class DeadConsumers {
  constructor(
    private readonly redis: RedisClient,
    private readonly heartbeat: ConsumerHeartbeat,
    private readonly prefix: string,
    private readonly group: string,
  ) {}

  /** Consumers other than `self` whose heartbeat has expired, with how much each still holds. */
  async find(stream: string, self: string): Promise<GroupConsumer[]> {
    const rows = (await this.redis.xinfo('CONSUMERS', stream, this.group)) as unknown[][];
    const others = rows.map(toConsumer).filter((c) => c.name !== self);
    const dead = new Set(await this.heartbeat.deadAmong(others.map((c) => c.name)));
    return others.filter((c) => dead.has(c.name));
  }

  async forget(stream: string, consumer: string): Promise<void> {
    const alive = streamKeys.alive(this.prefix, this.group, consumer);
    await this.redis.eval(FORGET_IF_EMPTY_AND_DEAD, 2, stream, alive, this.group, consumer);
  }
}

function toConsumer(flat: unknown[]): GroupConsumer {
  const record: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[String(flat[i])] = flat[i + 1];
  return { name: String(record.name), pending: Number(record.pending) };
}
