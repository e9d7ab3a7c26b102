import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import type { PlanCatalogue } from '@billing/domain';
import { listAccounts } from '@billing/projections';
import { Roles } from '../../auth/roles';
import { sendPage } from '../../http/paging';
import { PG_POOL, PLANS } from '../../infrastructure/tokens';
import { ListAccountsRequest } from './list-accounts.request.dto';
import { Example, ACCOUNT_LIST_ITEM } from '../../http/openapi-examples';

/** The support console's account list (read model): search, filter, sort by balance or reloads this month. */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class ListAccountsController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(PLANS) private readonly plans: PlanCatalogue) {}

  @Get()
  @Example(200, ['AccountListItem'], [ACCOUNT_LIST_ITEM])
  @Roles('support', 'auditor')
  @ApiOperation({ summary: 'Accounts with plan, balance, auto-reload and "X of Y" this month (X-Total-Count, Content-Range)' })
  async list(@Query() query: ListAccountsRequest, @Res({ passthrough: true }) response: FastifyReply) {
    const offset = query.offset ?? 0;
    const page = await listAccounts(this.pool, {
      search: query.q, plan: query.plan, autoReload: query.autoReload === undefined ? undefined : query.autoReload === 'on',
      sort: query.sort, order: query.order, offset, limit: query.limit ?? 25, plans: this.plans,
    });
    return sendPage(response, 'accounts', offset, page);
  }
}
