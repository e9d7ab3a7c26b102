import { Controller, Get, Header, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { once } from 'node:events';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import type { EventStore } from '@billing/event-store';
import { accountTimeZone } from '../accounts/account-time-zone';
import { Roles } from '../auth/roles';
import { ExpensiveRead } from '../http/rate-limit/expensive-read';
import { EVENT_STORE, PG_POOL } from '../infrastructure/tokens';
import { ledgerPagesForExport } from './audit-queries';
import { invalidQuery } from './invalid-query';
import { LEDGER_CSV_HEADER, ledgerCsvRow } from './ledger-csv';
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
  // An account's Administrator and Editor export their own ledger (the guard answers 404 for another's): one format for all.
  @Roles('auditor', 'support', 'admin', 'editor')
  @ExpensiveRead()
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiQuery({ name: 'from', description: 'A date (start of day in the account\'s time zone) or an instant, included.' })
  @ApiQuery({ name: 'to', description: 'A date (included to its end, in the account\'s time zone) or an instant, excluded.' })
  @ApiOperation({ summary: 'Credit movements in the range, oldest first, as RFC 4180 CSV: minutes (2 decimals), seconds, running balance, cause ids' })
  async export(@Param('accountId') accountId: string, @Query('from') from: string | undefined, @Query('to') to: string | undefined, @Res() reply: FastifyReply) {
    const timeZone = await accountTimeZone(this.store, accountId);
    let range: InstantRange;
    try {
      range = parseRange(from, to, timeZone);
    } catch (error) {
      if (!(error instanceof InvalidRangeError)) throw error;
      throw invalidQuery(error.message.startsWith('to') || error.message.startsWith('"to"') ? 'to' : 'from', error.message);
    }
    // accountTimeZone is the store's answer (404 for no account): one opened a moment ago exports an empty ledger.
    const pages = (await ledgerPagesForExport(this.pool, accountId, range)) ?? [];
    const name = `ledger-${accountId.replace(/[^A-Za-z0-9_-]/g, '_')}-${range.from.toISOString().slice(0, 10)}.csv`;
    // Written on the raw response, Fastify out of the way (hijacked): Node's own back-pressure.
    reply.hijack();
    const response = reply.raw;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    // Streamed a page at a time, waiting for the client to drain: a long ledger never sits in memory whole.
    response.write(`${LEDGER_CSV_HEADER.join(',')}\r\n`);
    try {
      for await (const page of pages) {
        if (!response.write(page.map((entry) => `${ledgerCsvRow(entry)}\r\n`).join(''))) await once(response, 'drain');
      }
    } catch (error) {
      // The status is sent already: cut the body off, so the client sees an incomplete file, not a short one.
      response.destroy(error as Error);
      return;
    }
    response.end();
  }
}
