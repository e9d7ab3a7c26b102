import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class SetPaymentMethodRequest {
  @ApiProperty({ example: 'pm_1Q0PsIJvEtkwdCNYMSaVuRz6', description: 'The Stripe payment method to charge for auto-reloads.' })
  @IsString()
  @Matches(/^pm_[A-Za-z0-9_]{1,64}$/, { message: 'paymentMethodId must look like pm_…' })
  paymentMethodId!: string;
}
