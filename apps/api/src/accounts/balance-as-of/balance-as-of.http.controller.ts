import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/roles';
import { ExpensiveRead } from '../../http/rate-limit/expensive-read';
import { BalanceAsOfQuery } from './balance-as-of.query';
import { BalanceAsOfRequest } from './balance-as-of.request.dto';
import { Example, BALANCE_AS_OF } from '../../http/openapi-examples';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('accounts/:accountId/balance')
export class BalanceAsOfController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Example(200, 'BalanceAsOf', BALANCE_AS_OF)
  @Roles('admin', 'support', 'auditor')
  @ExpensiveRead()
  @ApiOperation({ summary: 'Credit balance and this month\'s reload counter as they were at an instant, folded from events' })
  asOf(@Param('accountId') accountId: string, @Query() query: BalanceAsOfRequest) {
    return this.queries.execute(new BalanceAsOfQuery(accountId, query.asOf));
  }
}
