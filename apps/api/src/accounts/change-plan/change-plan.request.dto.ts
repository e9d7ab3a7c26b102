import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PLAN_IDS, type PlanId } from '@billing/domain';

export class ChangePlanRequest {
  @ApiProperty({ example: 'pro', enum: PLAN_IDS, description: 'Free is a cancellation: credits stay, auto-reload turns off.' })
  @IsIn(PLAN_IDS as unknown as string[], { message: `plan must be one of ${PLAN_IDS.join(', ')}` })
  plan!: PlanId;
}
