import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccountState } from '@billing/domain';
import type { Principal } from '../../auth/principal';
import { Caller, RolesFor } from '../../auth/roles';
import { CorrelationId } from '../../http/correlation-id';
import { requestContext } from '../account-command';
import { BillingSummaryService } from '../billing-summary.service';
import { ChangePlanCommand } from './change-plan.command';
import { ChangePlanRequest } from './change-plan.request.dto';
import { Example, BILLING_SUMMARY } from '../../http/openapi-examples';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts/:accountId/plan')
export class ChangePlanController {
  constructor(private readonly commands: CommandBus, private readonly summaries: BillingSummaryService) {}

  @Put()
  @Example(200, 'BillingSummary', BILLING_SUMMARY)
  @RolesFor('ChangePlan')
  @ApiOperation({ summary: 'Change the plan (upgrade, downgrade, or cancellation = free)' })
  async change(@Param('accountId') accountId: string, @Body() body: ChangePlanRequest, @Caller() caller: Principal, @CorrelationId() correlationId: string) {
    const state = await this.commands.execute<ChangePlanCommand, AccountState>(
      new ChangePlanCommand(accountId, body.plan, requestContext(caller, correlationId)),
    );
    return this.summaries.of(state, caller);
  }
}
