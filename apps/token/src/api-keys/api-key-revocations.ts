/**
 * Tells every gateway about API keys it may have cached (DESIGN §3: a revoked key stops working
 * within 1 s on every gateway). Idempotent: publishing twice is harmless and repairs a lost notice.
 */
export abstract class ApiKeyRevocations {
  /** The key is dead: every secret of it. */
  abstract revoked(keyId: string): Promise<void>;

  /** The key got a new secret: cached verifications of it must be redone (the old one may be in grace). */
  abstract rolled(keyId: string, at: Date): Promise<void>;
}
