import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ActiveSigningKey } from './active-signing-key';

/**
 * Makes sure a signing key exists (creating the first one if this is a fresh database) and is
 * loaded before the first request, so the first login does not pay for RSA key generation.
 */
@Injectable()
export class SigningKeyBootstrap implements OnApplicationBootstrap {
  constructor(private readonly active: ActiveSigningKey) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.active.get();
  }
}
