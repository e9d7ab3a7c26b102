import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import type { EventStore } from '@billing/event-store';
import { reloadsOf } from '@billing/projections';
import { Roles } from '../../auth/roles';
import { PageRequest, sendPage } from '../../http/paging';
import { EVENT_STORE, PG_POOL } from '../../infrastructure/tokens';
import { assertAccountExists } from '../account-exists';
import { Example, RELOAD } from '../../http/openapi-examples';

@ApiTags('auto-reload')
@ApiBearerAuth()
@Controller('accounts/:accountId/reloads')
export class ListReloadsController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Example(200, ['Reload'], [RELOAD])
  @Roles('admin', 'editor', 'support', 'auditor')
  @ApiOperation({ summary: 'Auto-reloads with outcome and decline code, newest first (X-Total-Count)' })
  async list(@Param('accountId') accountId: string, @Query() query: PageRequest, @Res({ passthrough: true }) response: FastifyReply) {
    await assertAccountExists(this.store, accountId);
    const offset = query.offset ?? 0;
    return sendPage(response, 'reloads', offset, await reloadsOf(this.pool, accountId, { offset, limit: query.limit ?? 25 }));
  }
}
