import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { MINUTES_PER_BLOCK, type PurchaseRecord } from '@billing/domain';
import { accountNotFound, ProblemError } from '../../http/problem';
import { AccountRepository } from '../account-repository';
import { ListPurchasesQuery } from './list-purchases.query';

export type PurchaseView = PurchaseRecord & { purchaseId: string; minutes: number };

/** Credit purchases and their status, newest first (or one of them). */
@QueryHandler(ListPurchasesQuery)
export class ListPurchasesHandler implements IQueryHandler<ListPurchasesQuery, PurchaseView[] | PurchaseView> {
  constructor(private readonly accounts: AccountRepository) {}

  async execute({ accountId, purchaseId }: ListPurchasesQuery): Promise<PurchaseView[] | PurchaseView> {
    const { state } = await this.accounts.load(accountId);
    if (state.status !== 'open') throw accountNotFound();
    const all = Object.entries(state.purchases)
      .map(([id, record]) => ({ purchaseId: id, minutes: record.blocks * MINUTES_PER_BLOCK, ...record }))
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    if (purchaseId === undefined) return all;
    const one = all.find((p) => p.purchaseId === purchaseId);
    if (!one) throw new ProblemError(404, 'PURCHASE.NOT_FOUND', `There is no purchase ${purchaseId} on this account.`);
    return one;
  }
}
