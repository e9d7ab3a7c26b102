import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PLAN_IDS, type PlanId } from '@billing/domain';
import { PageRequest } from '../../http/paging';

const SORTS = ['accountId', 'balance', 'reloadsThisMonth', 'plan', 'lastEventAt'] as const;

export class ListAccountsRequest extends PageRequest {
  @ApiPropertyOptional({ example: 'acc_1', description: 'Part of the account id (case-insensitive).' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  q?: string;

  @ApiPropertyOptional({ enum: PLAN_IDS })
  @IsOptional()
  @IsIn(PLAN_IDS as unknown as string[], { message: `plan must be one of ${PLAN_IDS.join(', ')}` })
  plan?: PlanId;

  @ApiPropertyOptional({ enum: ['on', 'off'] })
  @IsOptional()
  @IsIn(['on', 'off'], { message: 'autoReload must be on or off' })
  autoReload?: 'on' | 'off';

  @ApiPropertyOptional({ enum: SORTS, example: 'balance' })
  @IsOptional()
  @IsIn(SORTS as unknown as string[], { message: `sort must be one of ${SORTS.join(', ')}` })
  sort?: (typeof SORTS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'] })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'order must be asc or desc' })
  order?: 'asc' | 'desc';
}
