import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt } from 'class-validator';

export class QuotePurchaseRequest {
  @ApiProperty({ example: 3, description: 'Blocks of 100 minutes (1–100).' })
  @Type(() => Number)
  @IsInt({ message: 'blocks must be a whole number' })
  blocks!: number;
}
