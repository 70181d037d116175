import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export const AUTH_TYPES = ['none', 'bearer', 'header', 'basic'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];
export const ROUTE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', '*'] as const;

export class RateLimitDto {
  @IsInt() @Min(1) @Max(1_000_000) limit!: number;
  @IsInt() @Min(1) @Max(86_400) windowSeconds!: number;
}

/** `path` is matched against the path below the base URL: `/users/:id`, `/files/*`, `*` for anything. */
export class ApiRouteDto {
  @IsIn(ROUTE_METHODS) method!: string;

  @IsString()
  @Length(1, 500)
  @Matches(/^(\*|\/[^\s?#]*)$/, { message: 'path must start with / (or be *) and hold no query or fragment' })
  path!: string;

  @IsOptional() @IsString() @Length(1, 100) capability?: string;
  @IsOptional() @IsString() @Length(1, 100) permission?: string;
}

/** Shape checks; the URL's SSRF check and authConfig per authType come after (api-input.ts). */
export class CreateApiDto {
  @IsString() @Length(1, 100) name!: string;
  @IsString() @Length(1, 2048) baseUrl!: string;
  @IsIn(AUTH_TYPES) authType!: AuthType;
  @IsOptional() @IsObject() authConfig?: Record<string, unknown>;
  @IsOptional() @ValidateNested() @Type(() => RateLimitDto) rateLimit?: RateLimitDto;
  @IsOptional() @IsInt() @Min(100) @Max(300_000) timeoutMs?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ApiRouteDto)
  routes?: ApiRouteDto[];
}

/** PUT replaces the whole definition; authConfig may be left out to keep the stored secrets. */
export class UpdateApiDto extends CreateApiDto {}

export class ApiPageQuery {
  // Bounded, or (page - 1) × limit leaves bigint and PostgreSQL's error would be a 500.
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) page: number = 1;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit: number = 20;
}

export const USAGE_GROUPS = ['route', 'caller', 'status'] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];

export class UsageQuery {
  @IsOptional() @IsString() from?: string;
  @IsOptional() @IsString() to?: string;
  @IsOptional() @IsIn(USAGE_GROUPS) groupBy?: UsageGroup;
}
