import { Controller, Get, Header, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Pool } from 'pg';
import type { EventStore } from '@billing/event-store';
import { accountTimeZone } from '../accounts/account-time-zone';
import { Roles } from '../auth/roles';
import { ExpensiveRead } from '../http/rate-limit/expensive-read';
import { accountNotFound } from '../http/problem';
import { EVENT_STORE, PG_POOL } from '../infrastructure/tokens';
import { ledgerForExport } from './audit-queries';
import { invalidQuery } from './invalid-query';
import { ledgerCsv } from './ledger-csv';
import { type InstantRange, InvalidRangeError, parseRange } from './range';
import { Example, LEDGER_CSV } from '../http/openapi-examples';

/** The credit ledger as a spreadsheet-ready CSV file, the same as `npm run audit -- export`. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('accounts/:accountId/ledger')
export class LedgerExportController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('export.csv')
  @Example(200, { type: 'string', description: 'CSV with a header row' }, LEDGER_CSV, 'The ledger as CSV', 'text/csv')
  @Roles('auditor', 'support')
  @ExpensiveRead()
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiQuery({ name: 'from', description: 'A date (start of day in the account\'s time zone) or an instant, included.' })
  @ApiQuery({ name: 'to', description: 'A date (included to its end, in the account\'s time zone) or an instant, excluded.' })
  @ApiOperation({ summary: 'Credit movements in the range, oldest first, as RFC 4180 CSV: minutes (2 decimals), seconds, running balance, cause ids' })
  async export(@Param('accountId') accountId: string, @Query('from') from: string | undefined, @Query('to') to: string | undefined, @Res({ passthrough: true }) response: Response) {
    let range: InstantRange;
    try {
      range = parseRange(from, to, await accountTimeZone(this.store, accountId));
    } catch (error) {
      if (!(error instanceof InvalidRangeError)) throw error;
      throw invalidQuery(error.message.startsWith('to') || error.message.startsWith('"to"') ? 'to' : 'from', error.message);
    }
    const entries = await ledgerForExport(this.pool, accountId, range);
    if (!entries) throw accountNotFound();
    const name = `ledger-${accountId.replace(/[^A-Za-z0-9_-]/g, '_')}-${range.from.toISOString().slice(0, 10)}.csv`;
    response.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    return ledgerCsv(entries);
  }
}
