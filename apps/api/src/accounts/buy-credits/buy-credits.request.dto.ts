import { ApiProperty } from '@nestjs/swagger';
import { IsInt } from 'class-validator';

export class BuyCreditsRequest {
  @ApiProperty({ example: 3, description: 'Blocks of 100 minutes, 1 to 100.' })
  @IsInt({ message: 'blocks must be a whole number' })
  blocks!: number;
}
