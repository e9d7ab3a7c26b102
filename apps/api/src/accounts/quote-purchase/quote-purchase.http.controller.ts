import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RolesFor } from '../../auth/roles';
import { QuotePurchaseQuery } from './quote-purchase.query';
import { QuotePurchaseRequest } from './quote-purchase.request.dto';
import { Example, QUOTE } from '../../http/openapi-examples';

@ApiTags('credit purchases')
@ApiBearerAuth()
@Controller('accounts/:accountId/credit-purchases/quote')
export class QuotePurchaseController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Example(200, 'Quote', QUOTE)
  @RolesFor('StartCreditPurchase')
  @ApiOperation({ summary: 'Price of N blocks of 100 minutes at the plan\'s per-minute rate (e.g. 3 blocks on Free: $84.00)' })
  quote(@Param('accountId') accountId: string, @Query() query: QuotePurchaseRequest) {
    return this.queries.execute(new QuotePurchaseQuery(accountId, query.blocks));
  }
}
