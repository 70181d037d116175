import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError, domainEvent } from '@portcullis/common';
import {
  ErrorCode,
  Events,
  PutRateLimitPoliciesRequest,
  RATE_LIMIT_POLICIES_TOPIC,
  RATE_LIMIT_POLICY_NAMES,
  RateLimitPolicyChange,
  RateLimitPolicyDto,
} from '@portcullis/contracts';
import { RateLimitPolicyRepository } from './rate-limit-policy.repository';

const MAX_LIMIT = 1_000_000_000;
const MAX_WINDOW_SECONDS = 31 * 86_400;

const invalid = (field: string, message: string) => new AppError(ErrorCode.VALIDATION_FAILED, message, { field });

/**
 * An admin changes tier limits: checked whole before anything is written, written in one
 * transaction, announced (audit and webhooks), then broadcast so every gateway reloads at once.
 */
@Injectable()
export class PutRateLimitPoliciesUseCase {
  constructor(
    private readonly policies: RateLimitPolicyRepository,
    private readonly bus: BusClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async execute(request: PutRateLimitPoliciesRequest): Promise<RateLimitPolicyDto[]> {
    const changes = checked(request.policies);
    await this.policies.update(changes, this.now());
    await this.bus.publish(
      Events.rateLimitPoliciesChanged,
      domainEvent(Events.rateLimitPoliciesChanged, {
        subject: { type: 'system', id: 'security' },
        actor: { type: 'user', id: request.actorId },
        data: { policies: changes },
      }),
    );
    await this.bus.broadcast(RATE_LIMIT_POLICIES_TOPIC, { changedAt: Date.now() });
    return this.policies.list();
  }
}

function checked(value: unknown): RateLimitPolicyChange[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > RATE_LIMIT_POLICY_NAMES.length) {
    throw invalid('policies', 'policies must be a non-empty list of {name, limit, windowSeconds}');
  }
  const seen = new Set<string>();
  return value.map((raw: Partial<RateLimitPolicyChange>, i) => {
    const { name, limit, windowSeconds } = raw ?? {};
    if (!(RATE_LIMIT_POLICY_NAMES as readonly unknown[]).includes(name) || seen.has(name as string)) {
      throw invalid(
        `policies.${i}.name`,
        `policies.${i}.name must be one of ${RATE_LIMIT_POLICY_NAMES.join(', ')}, each at most once`,
      );
    }
    seen.add(name as string);
    if (!isCount(limit, MAX_LIMIT))
      throw invalid(`policies.${i}.limit`, `policies.${i}.limit must be an integer from 1 to ${MAX_LIMIT}`);
    if (!isCount(windowSeconds, MAX_WINDOW_SECONDS)) {
      throw invalid(
        `policies.${i}.windowSeconds`,
        `policies.${i}.windowSeconds must be an integer from 1 to ${MAX_WINDOW_SECONDS}`,
      );
    }
    return { name: name as RateLimitPolicyChange['name'], limit, windowSeconds };
  });
}

function isCount(value: unknown, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max;
}
