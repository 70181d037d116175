import { Inject, Injectable } from '@nestjs/common';
import { BroadcastChannel } from '@portcullis/bus';
import { SIGNING_KEYS_TOPIC, SigningKeysChanged } from '@portcullis/contracts';
import { REDIS, REDIS_KEY_PREFIX } from '@portcullis/database';
import { RedisClient } from '@portcullis/common';
import { SigningKeyNotices } from './signing-key-notices';

/** On the `signing-keys` broadcast: every running gateway hears within milliseconds. */
@Injectable()
export class BroadcastSigningKeyNotices extends SigningKeyNotices {
  private readonly channel: BroadcastChannel;

  constructor(@Inject(REDIS) redis: RedisClient, @Inject(REDIS_KEY_PREFIX) prefix: string) {
    super();
    this.channel = new BroadcastChannel(redis, prefix);
  }

  async changed(kid: string): Promise<void> {
    const notice: SigningKeysChanged = { kid };
    await this.channel.publish(SIGNING_KEYS_TOPIC, notice);
  }
}
