import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccountState } from '@billing/domain';
import type { Principal } from '../../auth/principal';
import { Caller, RolesFor } from '../../auth/roles';
import { CorrelationId } from '../../http/correlation-id';
import { requestContext } from '../account-command';
import { BillingSummaryService } from '../billing-summary.service';
import { SetPaymentMethodCommand } from './set-payment-method.command';
import { SetPaymentMethodRequest } from './set-payment-method.request.dto';
import { Example, BILLING_SUMMARY } from '../../http/openapi-examples';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts/:accountId/payment-method')
export class SetPaymentMethodController {
  constructor(private readonly commands: CommandBus, private readonly summaries: BillingSummaryService) {}

  @Put()
  @Example(200, 'BillingSummary', BILLING_SUMMARY)
  @RolesFor('SetPaymentMethodOnFile')
  @ApiOperation({ summary: 'Set the card on file (charged for auto-reloads)' })
  async set(@Param('accountId') accountId: string, @Body() body: SetPaymentMethodRequest, @Caller() caller: Principal, @CorrelationId() correlationId: string) {
    const state = await this.commands.execute<SetPaymentMethodCommand, AccountState>(
      new SetPaymentMethodCommand(accountId, body.paymentMethodId, requestContext(caller, correlationId)),
    );
    return this.summaries.of(state, caller);
  }
}
