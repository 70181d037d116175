import { ROLE_NAMES, RoleName } from '@portcullis/contracts';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';

export class PageQuery {
  // Bounded, as every page is: an offset past bigint would be the database's error, a 500.
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page: number = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}

export class ListUsersQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string;
}

export class AdminUpdateUserDto {
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(ROLE_NAMES, { each: true })
  roles?: RoleName[];

  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class AuditLogQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  actorId?: string;

  /** `agt_<uuid>`: what this agent did (or had done through its descendants), for whom. */
  @IsOptional()
  @Matches(/^agt_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: 'agentId must be agt_<uuid>',
  })
  agentId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 100)
  type?: string;

  @IsOptional()
  @IsISO8601()
  from?: string;

  @IsOptional()
  @IsISO8601()
  to?: string;
}
