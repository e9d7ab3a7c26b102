import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** An optional whole number in the query string (which arrives as text), from `min` to `max`. */
export function OptionalQueryInt(min: number, max: number | undefined, doc: { example: number; description?: string }): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional(doc), IsOptional(), Type(() => Number), IsInt(), Min(min), ...(max === undefined ? [] : [Max(max)]));
}
