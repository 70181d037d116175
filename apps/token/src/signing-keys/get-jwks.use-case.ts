import { Injectable } from '@nestjs/common';
import { JwkSet } from '@portcullis/contracts';
import { Clock } from '@portcullis/common';
import { toJwkSet } from './jwk-set';
import { SigningKeyRepository } from './signing-key.repository';

/** The public keys, read fresh: gateways cache the set and ask again only for an unknown kid. */
@Injectable()
export class GetJwksUseCase {
  constructor(
    private readonly keys: SigningKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<JwkSet> {
    const now = this.clock.now();
    return toJwkSet(await this.keys.listUnexpired(now), now);
  }
}
