import { RateLimitPolicyChange, RateLimitPolicyDto } from '@portcullis/contracts';

/** The tier policies, in plain records. */
export abstract class RateLimitPolicyRepository {
  abstract list(): Promise<RateLimitPolicyDto[]>;
  /** All changes in one transaction: an admin's PUT takes effect whole or not at all. */
  abstract update(changes: RateLimitPolicyChange[], at: Date): Promise<void>;
}
