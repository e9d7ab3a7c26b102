import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches } from 'class-validator';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The settings to try (ranges are the domain's, as for PUT auto-reload) and, optionally, the months to replay. */
export class PreviewAutoReloadRequest {
  @ApiProperty({ example: 10, description: 'Proposed threshold in credit minutes (1–100).' })
  @IsInt()
  thresholdMinutes!: number;

  @ApiProperty({ example: 5, description: 'Proposed monthly maximum of reloads (1–the plan\'s limit); the name PUT auto-reload and the errors use.' })
  @IsInt()
  monthlyMaximum!: number;

  @ApiPropertyOptional({ example: '2024-01', description: 'First month to replay, YYYY-MM in the account\'s time zone (default: two months before toMonth).' })
  @IsOptional()
  @Matches(MONTH, { message: 'fromMonth must be a month, YYYY-MM' })
  fromMonth?: string;

  @ApiPropertyOptional({ example: '2024-03', description: 'Last month to replay, YYYY-MM, at most the current month (default: the current month).' })
  @IsOptional()
  @Matches(MONTH, { message: 'toMonth must be a month, YYYY-MM' })
  toMonth?: string;
}
