import { RATE_LIMIT_POLICY_NAMES, RateLimitPolicyName } from '@portcullis/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsInt, Max, Min, ValidateNested } from 'class-validator';

export class RateLimitPolicyChangeDto {
  @IsIn(RATE_LIMIT_POLICY_NAMES)
  name!: RateLimitPolicyName;

  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  limit!: number;

  @IsInt()
  @Min(1)
  @Max(2_678_400)
  windowSeconds!: number;
}

/** The policies to change; the others stay as they are. */
export class PutRateLimitsDto {
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(RATE_LIMIT_POLICY_NAMES.length)
  @ValidateNested({ each: true })
  @Type(() => RateLimitPolicyChangeDto)
  policies!: RateLimitPolicyChangeDto[];
}
