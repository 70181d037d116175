import { OnModuleInit } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { randomBytes } from 'crypto';
import { PasswordHasher } from './password-hasher';

/**
 * bcrypt through its async API, which runs in libuv's thread pool: a hash at cost 12 takes about
 * a quarter of a second and must not stall the event loop (and with it every other bus message).
 */
export class BcryptPasswordHasher extends PasswordHasher implements OnModuleInit {
  private dummy?: Promise<string>;

  constructor(private readonly cost: number) {
    super();
  }

  /** Makes the dummy at start, so the first unknown-email login is not the one that pays for it. */
  async onModuleInit(): Promise<void> {
    await this.dummyHash();
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.cost);
  }

  async verify(password: string, hash: string | null): Promise<boolean> {
    const matches = await bcrypt.compare(password, hash ?? (await this.dummyHash()));
    return hash !== null && matches;
  }

  /** A hash of random bytes nobody knows, at the configured cost: comparing with it always fails. */
  dummyHash(): Promise<string> {
    this.dummy ??= bcrypt.hash(randomBytes(32).toString('base64url'), this.cost);
    return this.dummy;
  }
}
