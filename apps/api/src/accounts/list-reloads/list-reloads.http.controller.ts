import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Pool } from 'pg';
import { reloadsOf } from '@billing/projections';
import { Roles } from '../../auth/roles';
import { PageRequest, sendPage } from '../../http/paging';
import { PG_POOL } from '../../infrastructure/tokens';

@ApiTags('auto-reload')
@ApiBearerAuth()
@Controller('accounts/:accountId/reloads')
export class ListReloadsController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @Get()
  @Roles('admin', 'editor', 'support', 'auditor')
  @ApiOperation({ summary: 'Auto-reloads with outcome and decline code, newest first (X-Total-Count)' })
  async list(@Param('accountId') accountId: string, @Query() query: PageRequest, @Res({ passthrough: true }) response: Response) {
    const offset = query.offset ?? 0;
    return sendPage(response, 'reloads', offset, await reloadsOf(this.pool, accountId, { offset, limit: query.limit ?? 25 }));
  }
}
