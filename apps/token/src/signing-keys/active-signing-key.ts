import { Injectable, Logger } from '@nestjs/common';
import { SecretBox } from '@portcullis/security';
import { Clock } from '@portcullis/common';
import { KeyCrypto, SigningKeyHandle } from './key-crypto';
import { SigningKeyRecord, SigningKeyRepository } from './signing-key.repository';
import { SigningKeyFactory } from './signing-key.factory';

export interface LoadedSigningKey {
  kid: string;
  key: SigningKeyHandle;
}

/**
 * How stale this replica's idea of the active key may get. Another replica's rotation is picked up
 * within this time, and a retired key stays in the JWKS at least this much longer to cover it.
 */
export const ACTIVE_KEY_RECHECK_MS = 5_000;

/**
 * The active signing key, unsealed and imported once and held in memory, so signing costs no
 * database round trip. It asks the database for the newest active kid at most every few seconds;
 * if the database is briefly unreachable it keeps signing with the key it has.
 */
@Injectable()
export class ActiveSigningKey {
  private readonly logger = new Logger('ActiveSigningKey');
  private current?: LoadedSigningKey;
  private checkedAt = 0;
  private refreshing?: Promise<LoadedSigningKey>;

  constructor(
    private readonly keys: SigningKeyRepository,
    private readonly factory: SigningKeyFactory,
    private readonly crypto: KeyCrypto,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<LoadedSigningKey> {
    if (this.current && this.clock.now().getTime() - this.checkedAt < ACTIVE_KEY_RECHECK_MS) return this.current;
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Switches at once to a key this replica just made active (no wait for the next check). */
  async use(row: SigningKeyRecord): Promise<void> {
    this.current = await this.load(row);
    this.checkedAt = this.clock.now().getTime();
  }

  private async refresh(): Promise<LoadedSigningKey> {
    try {
      const row = (await this.keys.findActive()) ?? (await this.keys.ensureActive(() => this.factory.create()));
      if (row.kid !== this.current?.kid) {
        this.current = await this.load(row);
        this.logger.log(`Signing with key ${row.kid}`);
      }
    } catch (err) {
      if (!this.current) throw err;
      this.logger.warn(
        `Could not check the active signing key, keeping ${this.current.kid}: ${(err as Error).message}`,
      );
    }
    this.checkedAt = this.clock.now().getTime();
    return this.current;
  }

  private async load(row: SigningKeyRecord): Promise<LoadedSigningKey> {
    return { kid: row.kid, key: await this.crypto.importPrivate(this.box.open(row.privateKeySealed)) };
  }
}
