import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccountState } from '@billing/domain';
import type { Principal } from '../../auth/principal';
import { Caller, Roles } from '../../auth/roles';
import { BillingSummaryService } from '../billing-summary.service';
import { GetBillingQuery } from './get-billing.query';
import { Example, BILLING_SUMMARY } from '../../http/openapi-examples';

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts/:accountId/billing')
export class GetBillingController {
  constructor(private readonly queries: QueryBus, private readonly summaries: BillingSummaryService) {}

  @Get()
  @Example(200, 'BillingSummary', BILLING_SUMMARY)
  @Roles('admin', 'editor', 'support', 'auditor')
  @ApiOperation({ summary: 'The billing page: plan, credits, subscription minutes, auto-reload, permissions' })
  async get(@Param('accountId') accountId: string, @Caller() caller: Principal) {
    const state = await this.queries.execute<GetBillingQuery, AccountState>(new GetBillingQuery(accountId));
    return this.summaries.of(state, caller);
  }
}
