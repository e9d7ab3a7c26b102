import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import type { EventStore } from '@billing/event-store';
import { accountTimeZone } from '../accounts/account-time-zone';
import { Roles } from '../auth/roles';
import { ExpensiveRead } from '../http/rate-limit/expensive-read';
import { accountNotFound } from '../http/problem';
import { EVENT_STORE, PG_POOL } from '../infrastructure/tokens';
import { replayAccount } from './audit-queries';
import { invalidQuery } from './invalid-query';
import { InvalidRangeError, parseUntil } from './range';
import { verifyReadModels } from './verify';
import { Example, REPLAY, VERIFY } from '../http/openapi-examples';

/** The auditor's tools over HTTP, the same as `npm run audit -- replay|verify`. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('accounts/:accountId/replay')
  @Example(200, 'Replay', REPLAY)
  @Roles('auditor')
  @ExpensiveRead()
  @ApiQuery({ name: 'until', required: false, description: 'An instant, or a date (the end of that day in the account\'s time zone): events recorded later are left out.' })
  @ApiOperation({ summary: 'The account\'s history event by event, folded from its events: change, running balance, reloads of the month' })
  async replay(@Param('accountId') accountId: string, @Query('until') until?: string) {
    let limit: Date | undefined;
    try {
      limit = parseUntil(until, await accountTimeZone(this.store, accountId));
    } catch (error) {
      throw error instanceof InvalidRangeError ? invalidQuery('until', error.message) : error;
    }
    const events = await replayAccount(this.store, accountId, limit);
    if (!events) throw accountNotFound();
    return { accountId, until: limit?.toISOString() ?? null, events };
  }

  @Get('verify')
  @Example(200, 'Verification', VERIFY, 'ok is false when any read model differs from the events; behind lists read models still catching up')
  @Roles('auditor')
  @ExpensiveRead()
  @ApiOperation({ summary: 'Recomputes every read model from the events and lists each drift (ok: false when there is any)' })
  async verify() {
    const result = await verifyReadModels(this.store, this.pool);
    return { ok: result.drifts.length === 0, ...result };
  }
}
