import { ApiKeyEnvironment, ApiKeyQuotaRefill } from '@portcullis/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class ApiKeyRateLimitDto {
  /** Requests allowed per window. */
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  limit!: number;

  @IsInt()
  @Min(1)
  @Max(2_678_400)
  windowSeconds!: number;
}

export class ApiKeyQuotaDto {
  /** Requests allowed per period, refilled whole at the start of each UTC day or month. */
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  limit!: number;

  @IsIn(['daily', 'monthly'])
  refill!: ApiKeyQuotaRefill;
}

/** The token app checks the scopes against the caller's current permissions (400 API_KEY_SCOPE_FORBIDDEN). */
export class CreateApiKeyDto {
  @IsString()
  @Length(1, 100)
  name!: string;

  @IsIn(['live', 'test'])
  environment!: ApiKeyEnvironment;

  /** Permissions the key may use (a subset of yours); omitted, all of yours. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[a-z][a-z0-9_-]*:[a-z][a-z0-9_-]*$/, {
    each: true,
    message: 'each scope must be a permission name like "apis:read"',
  })
  scopes?: string[];

  @IsOptional()
  @IsISO8601()
  expiresAt?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ApiKeyRateLimitDto)
  rateLimit?: ApiKeyRateLimitDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => ApiKeyQuotaDto)
  quota?: ApiKeyQuotaDto;
}

export class RollApiKeyDto {
  /** How long the previous secret keeps working (default 0: it stops now). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_592_000)
  graceSeconds?: number;
}

export class ListApiKeysQuery {
  /** Admins (api-keys:scope-all): another user's keys. */
  @IsOptional()
  @IsUUID()
  userId?: string;
}
