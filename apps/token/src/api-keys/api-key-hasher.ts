import { createHmac, timingSafeEqual } from 'crypto';

/**
 * Stored form of an API key: HMAC-SHA256 keyed with the server-side pepper over the whole key. A key
 * has 256 random bits, so a fast hash is safe (bcrypt would only slow every request down), and the
 * pepper means a copy of the table alone cannot test a guess. Comparisons take the same time
 * whether a hash matches, differs, or (for unknown lookup ids) does not exist at all.
 */
export class ApiKeyHasher {
  /** Compared against when the lookup id is unknown, so that path does the same work as the others. */
  private readonly dummy: Buffer;

  constructor(private readonly pepper: string) {
    this.dummy = this.digest('pk_dummy_never-issued');
  }

  hash(key: string): string {
    return this.digest(key).toString('hex');
  }

  /**
   * Which of `candidates` (stored hex hashes; null where a slot is empty) the key matches, or -1.
   * Every slot is compared, matched or not, and an empty slot against the dummy.
   */
  match(key: string, candidates: ReadonlyArray<string | null>): number {
    const presented = this.digest(key);
    let found = -1;
    candidates.forEach((stored, index) => {
      const decoded = stored ? Buffer.from(stored, 'hex') : null;
      const usable = decoded?.length === presented.length;
      const equal = timingSafeEqual(presented, usable ? decoded : this.dummy) && usable;
      if (equal && found === -1) found = index;
    });
    return found;
  }

  private digest(key: string): Buffer {
    return createHmac('sha256', this.pepper).update(key, 'utf8').digest();
  }
}
