import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { BILLING_EVENT_TYPES } from '@billing/domain';
import { ACCOUNT_ID_MESSAGE, ACCOUNT_ID_PATTERN } from '../http/ids';
import { OptionalQueryInt } from '../http/query-int';

const POSITION = /^\d{20}-\d{20}$/;

export class CreateWebhookEndpointRequest {
  @ApiProperty({ example: 'https://crm.example.com/billing-webhooks', description: 'https (http in development only); a public address in production.' })
  @IsString()
  @MaxLength(2_000)
  url!: string;

  @ApiPropertyOptional({ example: ['CreditsPurchased', 'AutoReloadFailed'], description: 'Only these event types (default: all).' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsIn(BILLING_EVENT_TYPES, { each: true, message: `each value in eventTypes must be one of ${BILLING_EVENT_TYPES.join(', ')}` })
  eventTypes?: string[];

  @ApiPropertyOptional({ example: 'acc_1', description: 'Only this account\'s events (default: every account).' })
  @IsOptional()
  @Matches(ACCOUNT_ID_PATTERN, { message: ACCOUNT_ID_MESSAGE })
  accountId?: string;

  @ApiPropertyOptional({ example: 'CRM sync' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateWebhookEndpointRequest {
  @ApiPropertyOptional({ example: 'https://crm.example.com/billing-webhooks' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000)
  url?: string;

  @ApiPropertyOptional({ example: ['CreditsPurchased'], nullable: true, description: 'null: every type.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsIn(BILLING_EVENT_TYPES, { each: true, message: `each value in eventTypes must be one of ${BILLING_EVENT_TYPES.join(', ')}` })
  eventTypes?: string[] | null;

  @ApiPropertyOptional({ example: 'CRM sync', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({ example: true, description: 'true re-enables a disabled endpoint: delivery resumes where it stopped.' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class ReplayRequest {
  @ApiProperty({ example: '00000000000000000786-00000000000000000006', description: 'Send again every event after this position (exclusive).' })
  @Matches(POSITION, { message: 'fromPosition must be a position returned by the feed' })
  fromPosition!: string;
}

export class DeliveryLogRequest {
  @OptionalQueryInt(1, 500, { example: 50, description: '1 to 500 (default 50).' })
  limit?: number;

  @ApiPropertyOptional({ example: '00000000000000000786-00000000000000000006', description: 'Entries before this position (the next page).' })
  @IsOptional()
  @Matches(POSITION, { message: 'before must be a position' })
  before?: string;
}
