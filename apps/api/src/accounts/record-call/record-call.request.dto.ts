import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsString, Matches, Max, Min } from 'class-validator';

/** The rules below, named once so that a batch's fast check (validCallEnd) uses the very same ones. */
export const CALL_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
export const MAX_DURATION_SECONDS = 604_800;
export const ENDED_AT_OPTIONS = { strict: true } as const;

export class RecordCallRequest {
  @ApiProperty({ example: 'call_8f14e45f', description: 'The call platform\'s id; a call is billed once however often it is sent.' })
  @IsString()
  @Matches(CALL_ID_PATTERN, { message: 'callId must be 1 to 128 letters, digits or "_.:-"' })
  callId!: string;

  @ApiProperty({ example: 754, description: 'Whole seconds the call lasted.' })
  @IsInt({ message: 'durationSeconds must be a whole number of seconds' })
  @Min(0)
  @Max(MAX_DURATION_SECONDS, { message: 'durationSeconds must not exceed 604800 (7 days)' })
  durationSeconds!: number;

  @ApiProperty({ example: '2026-11-25T10:15:00Z', description: 'When the call ended (decides the month it counts in).' })
  @IsISO8601(ENDED_AT_OPTIONS, { message: 'endedAt must be an ISO-8601 instant' })
  endedAt!: string;
}
