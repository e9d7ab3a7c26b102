import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PLAN_IDS, type PlanId } from '@billing/domain';
import { ACCOUNT_ID_MESSAGE, ACCOUNT_ID_PATTERN } from '../../http/ids';

export class OpenAccountRequest {
  @ApiProperty({ example: 'acc_1', description: 'Your id for the account (letters, digits, _ and -).' })
  @IsString()
  @Matches(ACCOUNT_ID_PATTERN, { message: ACCOUNT_ID_MESSAGE })
  accountId!: string;

  @ApiProperty({ example: 'free', enum: PLAN_IDS })
  @IsIn(PLAN_IDS as unknown as string[], { message: `plan must be one of ${PLAN_IDS.join(', ')}` })
  plan!: PlanId;

  @ApiPropertyOptional({ example: 'Europe/Paris', description: 'Canonical IANA time zone name (Europe/Paris, Asia/Kolkata, UTC; not an alias such as US/Pacific, Etc/GMT+5 or an offset); months are counted in it. Default UTC.' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  timezone?: string;

  @ApiPropertyOptional({ example: 'cus_NffrFeUfNV2Hib' })
  @IsOptional()
  @IsString()
  @Matches(/^cus_[A-Za-z0-9_]{1,64}$/, { message: 'stripeCustomerId must look like cus_…' })
  stripeCustomerId?: string;
}
