import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles';
import { ListPurchasesQuery } from './list-purchases.query';
import { Example, PURCHASE } from '../../http/openapi-examples';

@ApiTags('credit purchases')
@ApiBearerAuth()
@Controller('accounts/:accountId/credit-purchases')
export class ListPurchasesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Example(200, ['Purchase'], [PURCHASE])
  @Roles('admin', 'editor', 'support', 'auditor')
  @ApiOperation({ summary: 'Credit purchases with their status (pending, completed, failed, expired), newest first' })
  list(@Param('accountId') accountId: string) {
    return this.queries.execute(new ListPurchasesQuery(accountId));
  }

  @Get(':purchaseId')
  @Example(200, 'Purchase', PURCHASE)
  @Roles('admin', 'editor', 'support', 'auditor')
  @ApiOperation({ summary: 'One credit purchase and its status' })
  one(@Param('accountId') accountId: string, @Param('purchaseId') purchaseId: string) {
    return this.queries.execute(new ListPurchasesQuery(accountId, purchaseId));
  }
}
