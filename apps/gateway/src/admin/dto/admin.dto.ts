import { ROLE_NAMES, RoleName } from '@portcullis/contracts';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
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
