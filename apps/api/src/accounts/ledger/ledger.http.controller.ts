import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import type { EventStore } from '@billing/event-store';
import { ledgerOf } from '@billing/projections';
import { Roles } from '../../auth/roles';
import { sendPage } from '../../http/paging';
import { EVENT_STORE, PG_POOL } from '../../infrastructure/tokens';
import { dateOrInstant } from '../../audit/range';
import { accountTimeZone } from '../account-time-zone';
import { LedgerRequest } from './ledger.request.dto';
import { Example, LEDGER_ENTRY } from '../../http/openapi-examples';

/** The credit ledger read model: every movement with its running balance and its cause. */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts/:accountId/ledger')
export class LedgerController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Example(200, ['LedgerEntry'], [LEDGER_ENTRY])
  @Roles('admin', 'editor', 'support', 'auditor')
  @ApiOperation({ summary: 'Credit movements, newest first, with running balance and cause (X-Total-Count, Content-Range)' })
  async list(@Param('accountId') accountId: string, @Query() query: LedgerRequest, @Res({ passthrough: true }) response: FastifyReply) {
    // Also the existence check: 404 when the account does not exist (the store's answer, not a read model's).
    const timeZone = await accountTimeZone(this.store, accountId);
    const offset = query.offset ?? 0;
    const page = await ledgerOf(this.pool, accountId, {
      kinds: query.kind, from: dateOrInstant(query.from, false, timeZone), to: dateOrInstant(query.to, true, timeZone),
      offset, limit: query.limit ?? 25,
    });
    return sendPage(response, 'ledger', offset, page);
  }
}
