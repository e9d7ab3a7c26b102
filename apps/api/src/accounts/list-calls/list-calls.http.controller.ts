import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import type { EventStore } from '@billing/event-store';
import { callsOf } from '@billing/projections';
import { Roles } from '../../auth/roles';
import { PageRequest, sendPage } from '../../http/paging';
import { EVENT_STORE, PG_POOL } from '../../infrastructure/tokens';
import { assertAccountExists } from '../account-exists';
import { Example, CALL } from '../../http/openapi-examples';

@ApiTags('calls')
@ApiBearerAuth()
@Controller('accounts/:accountId/calls')
export class ListCallsController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Example(200, ['Call'], [CALL])
  @Roles('admin', 'editor', 'support', 'auditor')
  @ApiOperation({ summary: 'Calls with the credit they used and why a reload did or did not fire, newest first (X-Total-Count)' })
  async list(@Param('accountId') accountId: string, @Query() query: PageRequest, @Res({ passthrough: true }) response: FastifyReply) {
    await assertAccountExists(this.store, accountId);
    const offset = query.offset ?? 0;
    return sendPage(response, 'calls', offset, await callsOf(this.pool, accountId, { offset, limit: query.limit ?? 25 }));
  }
}
