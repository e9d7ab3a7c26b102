import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsString, Matches, Max, Min } from 'class-validator';

export class RecordCallRequest {
  @ApiProperty({ example: 'call_8f14e45f', description: 'The call platform\'s id; a call is billed once however often it is sent.' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,128}$/, { message: 'callId must be 1 to 128 letters, digits or "_.:-"' })
  callId!: string;

  @ApiProperty({ example: 754, description: 'Whole seconds the call lasted.' })
  @IsInt({ message: 'durationSeconds must be a whole number of seconds' })
  @Min(0)
  @Max(604_800, { message: 'durationSeconds must not exceed 604800 (7 days)' })
  durationSeconds!: number;

  @ApiProperty({ example: '2026-11-25T10:15:00Z', description: 'When the call ended (decides the month it counts in).' })
  @IsISO8601({ strict: true }, { message: 'endedAt must be an ISO-8601 instant' })
  endedAt!: string;
}
