import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, Matches } from 'class-validator';
import { BILLING_EVENT_TYPES } from '@billing/domain';
import { OptionalQueryInt } from '../http/query-int';

export class FeedRequest {
  @ApiPropertyOptional({ example: '00000000000000000786-00000000000000000006', description: 'Resume after this position (exclusive). Default: the beginning.' })
  @IsOptional()
  @Matches(/^\d{20}-\d{20}$/, { message: 'after must be a position returned by this feed' })
  after?: string;

  @OptionalQueryInt(1, 1000, { example: 100, description: '1 to 1000 (default 100).' })
  limit?: number;

  @ApiPropertyOptional({ example: 'CreditsPurchased,CallMinutesConsumed', description: 'Comma-separated event types.' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsArray()
  @ArrayMaxSize(50)
  // A misspelt type would match nothing, for ever and silently: refuse it, naming the known ones.
  @IsIn(BILLING_EVENT_TYPES, { each: true, message: `each value in types must be one of ${BILLING_EVENT_TYPES.join(', ')}` })
  types?: string[];

  @ApiPropertyOptional({ example: 'acc_1', description: 'Only this account\'s events.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'accountId must be 1 to 64 letters, digits, "_" or "-"' })
  accountId?: string;
}
