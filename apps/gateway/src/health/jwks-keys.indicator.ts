import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessIndicator, withTimeout } from '@portcullis/observability';
import { JwksCache } from '../auth/jwks.cache';

export const READINESS_TIMEOUT_MS = Symbol('READINESS_TIMEOUT_MS');

/**
 * The gateway's own keys: without the token app's public keys it cannot verify a single request.
 * Once it holds them it stays ready through a token-app outage (it verifies locally); until then
 * each check tries to load them.
 */
@Injectable()
export class JwksKeysIndicator implements ReadinessIndicator {
  constructor(
    private readonly jwks: JwksCache,
    private readonly health: HealthIndicatorService,
    @Inject(READINESS_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const session = this.health.check('keys');
    if (this.jwks.current.keys.length === 0)
      await withTimeout(this.jwks.ensure(), this.timeoutMs).catch(() => undefined);
    const keys = this.jwks.current.keys.length;
    return keys > 0 ? session.up({ keys }) : session.down({ message: 'no signing keys loaded from the token app yet' });
  }
}
