import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { type PlanCatalogue, previewWindow, simulateAutoReload } from '@billing/domain';
import { replayFactsOf } from '@billing/projections';
import { Roles } from '../../auth/roles';
import { accountNotFound } from '../../http/problem';
import { ExpensiveRead } from '../../http/rate-limit/expensive-read';
import { PG_POOL, PLANS } from '../../infrastructure/tokens';
import { AccountRepository } from '../account-repository';
import { Example, AUTO_RELOAD_PREVIEW } from '../../http/openapi-examples';
import { PreviewAutoReloadRequest } from './preview-auto-reload.request.dto';

/**
 * The what-if of the billing page: a read, not a command (no events). The facts come from the read
 * models (plain SELECTs, no lock a call end waits for); the plan and zone from the account's state.
 */
@ApiTags('auto-reload')
@ApiBearerAuth()
@Controller('accounts/:accountId/auto-reload/preview')
export class PreviewAutoReloadController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(PLANS) private readonly plans: PlanCatalogue,
    private readonly accounts: AccountRepository,
  ) {}

  @Post()
  @HttpCode(200)
  @ExpensiveRead()
  @Example(200, 'AutoReloadPreview', AUTO_RELOAD_PREVIEW)
  @Roles('admin', 'editor', 'support', 'auditor')
  @ApiOperation({ summary: 'What proposed auto-reload settings would have done in the last 3 months (or a chosen range), per month, next to what happened' })
  async preview(@Param('accountId') accountId: string, @Body() body: PreviewAutoReloadRequest) {
    const { state } = await this.accounts.load(accountId);
    if (state.status !== 'open') throw accountNotFound();
    const window = previewWindow(new Date().toISOString(), state.timeZone, { fromMonth: body.fromMonth, toMonth: body.toMonth });
    const { openingBalanceSeconds, facts } = await replayFactsOf(this.pool, accountId, state.timeZone, window);
    return simulateAutoReload(
      { plan: this.plans[state.planId], timeZone: state.timeZone, window, openingBalanceSeconds, facts },
      { thresholdMinutes: body.thresholdMinutes, monthlyMaximum: body.monthlyMaximum },
    );
  }
}
