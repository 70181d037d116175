import { DELIVERY_STATUSES, DeliveryStatus, WebhookScope } from '@portcullis/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  Min,
} from 'class-validator';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** Shape checks only; the dispatcher validates event names against the catalog and the URL for SSRF. */
export class CreateWebhookDto {
  @IsUrl(URL_OPTIONS)
  @Length(1, 2048)
  url!: string;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  events!: string[];

  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string;

  @IsOptional()
  @IsIn(['own', 'all'])
  scope?: WebhookScope;
}

export class UpdateWebhookDto {
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @Length(1, 2048)
  url?: string;

  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  events?: string[];

  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string;

  @IsOptional()
  @IsIn(['own', 'all'])
  scope?: WebhookScope;

  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class WebhookPageQuery {
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

export class DeliveriesQuery extends WebhookPageQuery {
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class RecoverDto {
  @IsISO8601()
  since!: string;

  @IsOptional()
  @IsISO8601()
  until?: string;
}
