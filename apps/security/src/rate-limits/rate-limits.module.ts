import { Module } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { PgRateLimitPolicyRepository } from './pg-rate-limit-policy.repository';
import { PutRateLimitPoliciesUseCase } from './put-rate-limit-policies.use-case';
import { RateLimitPolicyRepository } from './rate-limit-policy.repository';
import { RateLimitsMessageController } from './rate-limits.message-controller';

/** Tier rate-limit policies as data (DESIGN §4). Needs the global BusModule and the app's TypeORM connection. */
@Module({
  controllers: [RateLimitsMessageController],
  providers: [
    { provide: RateLimitPolicyRepository, useClass: PgRateLimitPolicyRepository },
    {
      provide: PutRateLimitPoliciesUseCase,
      useFactory: (repo: RateLimitPolicyRepository, bus: BusClient) => new PutRateLimitPoliciesUseCase(repo, bus),
      inject: [RateLimitPolicyRepository, BusClient],
    },
  ],
})
export class RateLimitsModule {}
