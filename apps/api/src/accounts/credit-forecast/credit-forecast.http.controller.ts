import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { billingSummary, creditForecast, FORECAST_DAYS, type PlanCatalogue } from '@billing/domain';
import { creditUseOf } from '@billing/projections';
import type { Principal } from '../../auth/principal';
import { Caller, Roles } from '../../auth/roles';
import { accountNotFound } from '../../http/problem';
import { PG_POOL, PLANS } from '../../infrastructure/tokens';
import { AccountRepository } from '../account-repository';
import { Example, CREDIT_FORECAST } from '../../http/openapi-examples';

/** The billing page's forecasts: the domain's rule, fed with the last 30 days of calls from the calls read model. */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts/:accountId/billing/forecast')
export class CreditForecastController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(PLANS) private readonly plans: PlanCatalogue, private readonly accounts: AccountRepository) {}

  @Get()
  @Example(200, 'CreditForecast', CREDIT_FORECAST)
  @Roles('admin', 'editor', 'support', 'auditor')
  @ApiOperation({ summary: 'How long the credits last at the last 30 days\' usage, and the reloads this month is likely to need (available: false with too little history)' })
  async get(@Param('accountId') accountId: string, @Caller() caller: Principal) {
    const { state } = await this.accounts.load(accountId);
    if (state.status !== 'open') throw accountNotFound();
    const now = new Date();
    const summary = billingSummary(state, this.plans, now.toISOString(), caller.role);
    const use = await creditUseOf(this.pool, accountId, new Date(now.getTime() - FORECAST_DAYS * 86_400_000), now);
    const { enabled, thresholdMinutes, monthlyMax, usedThisMonth } = summary.autoReload;
    return creditForecast({
      now: now.toISOString(), timeZone: state.timeZone, balanceSeconds: state.credits.balanceSeconds, creditSecondsLast30Days: use.creditSeconds,
      firstCallAt: use.firstCallAt?.toISOString() ?? null,
      autoReload: { enabled: enabled && summary.plan.autoReloadAvailable, thresholdMinutes, monthlyMax, usedThisMonth },
    });
  }
}
