import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ApiChange, ApiChanges } from '../apis/api-changes';
import { breakerKeyOf, UpstreamBreakers } from './upstream-breakers';
import { UpstreamPools } from './upstream-pools';

/**
 * Lets go of an API's breaker and connection pool when the API is deleted or its upstream changes
 * (baseUrl, timeout, auth), on every replica: the change arrives through ApiChanges, which the
 * replica that served the PUT or DELETE broadcasts. Without it, both would live as long as the
 * process, and a breaker opened by the old upstream would keep refusing calls to the new one.
 */
@Injectable()
export class UpstreamRelease implements OnModuleInit {
  private readonly logger = new Logger('Proxy');

  constructor(
    private readonly changes: ApiChanges,
    private readonly breakers: UpstreamBreakers,
    private readonly pools: UpstreamPools,
  ) {}

  onModuleInit(): void {
    this.changes.listen((change) => this.onChange(change));
  }

  private onChange({ apiId, upstreamChanged }: ApiChange): void {
    if (!upstreamChanged) return;
    this.breakers.forget(breakerKeyOf(apiId));
    this.pools
      .release(apiId)
      .catch((err: Error) => this.logger.warn({ msg: 'could not close a released pool', apiId, error: err.message }));
  }
}
