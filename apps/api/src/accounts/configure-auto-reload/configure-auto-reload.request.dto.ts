import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional } from 'class-validator';

/** Ranges are the domain's (threshold 1–100, maximum 1–plan limit); it names the limits when refusing. */
export class ConfigureAutoReloadRequest {
  @ApiProperty({ example: true })
  @IsBoolean()
  enabled!: boolean;

  @ApiPropertyOptional({ example: 10, description: 'Reload when a call ends below this many credit minutes (1–100, default 10).' })
  @IsOptional()
  @IsInt()
  thresholdMinutes?: number;

  @ApiPropertyOptional({ example: 10, description: 'Reloads per calendar month at most (1–the plan\'s limit, default 10). The same name as in the errors.' })
  @IsOptional()
  @IsInt()
  monthlyMaximum?: number;

  /** @deprecated Use monthlyMaximum; still accepted (it must agree with monthlyMaximum when both are sent). */
  @ApiPropertyOptional({ example: 10, deprecated: true, description: 'Deprecated alias of monthlyMaximum, still accepted; when both are sent they must be equal.' })
  @IsOptional()
  @IsInt()
  monthlyMax?: number;
}
