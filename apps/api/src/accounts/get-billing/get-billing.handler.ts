import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { AccountState } from '@billing/domain';
import { accountNotFound } from '../../http/problem';
import { AccountRepository } from '../account-repository';
import { GetBillingQuery } from './get-billing.query';

@QueryHandler(GetBillingQuery)
export class GetBillingHandler implements IQueryHandler<GetBillingQuery, AccountState> {
  constructor(private readonly accounts: AccountRepository) {}

  async execute({ accountId }: GetBillingQuery): Promise<AccountState> {
    const { state } = await this.accounts.load(accountId);
    if (state.status !== 'open') throw accountNotFound();
    return state;
  }
}
