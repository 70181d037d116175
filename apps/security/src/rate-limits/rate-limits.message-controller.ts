import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PutRateLimitPoliciesRequest, RateLimitPolicyDto, SecurityPatterns } from '@portcullis/contracts';
import { PutRateLimitPoliciesUseCase } from './put-rate-limit-policies.use-case';
import { RateLimitPolicyRepository } from './rate-limit-policy.repository';

/** The bus face of the rate-limit policies. */
@Controller()
export class RateLimitsMessageController {
  constructor(
    private readonly policies: RateLimitPolicyRepository,
    private readonly put: PutRateLimitPoliciesUseCase,
  ) {}

  @MessagePattern(SecurityPatterns.listRateLimitPolicies.pattern)
  list(): Promise<RateLimitPolicyDto[]> {
    return this.policies.list();
  }

  @MessagePattern(SecurityPatterns.putRateLimitPolicies.pattern)
  change(@Payload() request: PutRateLimitPoliciesRequest): Promise<RateLimitPolicyDto[]> {
    return this.put.execute(request);
  }
}
