import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type PlanCatalogue, quotePurchase } from '@billing/domain';
import { accountNotFound } from '../../http/problem';
import { PLANS } from '../../infrastructure/tokens';
import { AccountRepository } from '../account-repository';
import { QuotePurchaseQuery } from './quote-purchase.query';

/** The price of N blocks on the account's current plan, as the purchase dialog shows it. */
@QueryHandler(QuotePurchaseQuery)
export class QuotePurchaseHandler implements IQueryHandler<QuotePurchaseQuery> {
  constructor(private readonly accounts: AccountRepository, @Inject(PLANS) private readonly plans: PlanCatalogue) {}

  async execute({ accountId, blocks }: QuotePurchaseQuery) {
    const { state } = await this.accounts.load(accountId);
    if (state.status !== 'open') throw accountNotFound();
    return quotePurchase(this.plans[state.planId], blocks);
  }
}
