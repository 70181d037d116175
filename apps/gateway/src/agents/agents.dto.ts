import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';

const CAPABILITY = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/;
const AGENT_TYPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const AGENT_ID = /^agt_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Shared by authenticate and delegate; the agent-capability app checks budgets' contents and the catalog. */
class GrantBody {
  @ApiProperty({ example: ['file:read', 'git:commit'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @Matches(CAPABILITY, { each: true, message: 'each capability must be resource:action' })
  capabilities: string[];

  @ApiPropertyOptional({ example: 900, description: 'Clamped to 3600 (and, for a delegation, to the parent expiry)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400)
  ttlSeconds?: number;

  @ApiPropertyOptional({ example: { 'git:commit': { limit: 10, windowSeconds: 3600 } } })
  @IsOptional()
  @IsObject()
  budgets?: Record<string, { limit: number; windowSeconds: number }>;
}

export class AuthenticateAgentBody extends GrantBody {
  @ApiProperty({ example: 'code-implementer' })
  @IsString()
  @Matches(AGENT_TYPE, { message: 'agentType must be a kebab-case agent type id' })
  agentType: string;

  @ApiPropertyOptional({ example: 'fix-issue-42' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;
}

export class DelegateAgentBody extends GrantBody {
  @ApiPropertyOptional({ example: 'test-engineer', description: "Defaults to the parent's type" })
  @IsOptional()
  @IsString()
  @Matches(AGENT_TYPE, { message: 'agentType must be a kebab-case agent type id' })
  agentType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;
}

export class VerifyAgentBody {
  @ApiProperty({ description: 'An agent token (typ agent+jwt)' })
  @IsString()
  @Length(1, 8192)
  token: string;

  @ApiProperty({ example: 'git:commit', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(CAPABILITY, { message: 'capability must be resource:action' })
  capability: string;

  @ApiPropertyOptional({ description: 'Spend one unit of a budgeted capability' })
  @IsOptional()
  @IsBoolean()
  consume?: boolean;
}

export class ListAgentsQuery {
  @ApiPropertyOptional({ description: "Admins: another user's agents" })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class DecisionsQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class UpdateAgentTypeBody {
  @IsOptional()
  @IsString()
  @Length(1, 500)
  description?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(CAPABILITY, { each: true, message: 'each capability must be resource:action' })
  capabilities?: string[];
}
