import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';

export class BalanceAsOfRequest {
  @ApiProperty({ example: '2026-11-01T00:00:00Z', description: 'The instant to look back at.' })
  @IsISO8601({ strict: true }, { message: 'asOf must be an ISO-8601 instant' })
  asOf!: string;
}
