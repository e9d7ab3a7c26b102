import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { LEDGER_KINDS } from '@billing/projections';
import { PageRequest } from '../../http/paging';

const KINDS = LEDGER_KINDS;

export class LedgerRequest extends PageRequest {
  @ApiPropertyOptional({ example: 'call,auto_reload', description: `Comma-separated kinds: ${KINDS.join(', ')}` })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsIn(KINDS as unknown as string[], { each: true, message: `kind must be among ${KINDS.join(', ')}` })
  kind?: (typeof KINDS)[number][];

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'From this instant (inclusive), or a date: from the start of that day in the account\'s time zone.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Until this instant (exclusive), or a date: to the end of that day in the account\'s time zone (included).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
