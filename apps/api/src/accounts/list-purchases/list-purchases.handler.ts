import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { minutesOfBlocks, type PurchaseRecord } from '@billing/domain';
import { type PurchaseRow, purchasesOf } from '@billing/projections';
import { accountNotFound, ProblemError } from '../../http/problem';
import { PG_POOL } from '../../infrastructure/tokens';
import { AccountRepository } from '../account-repository';
import { ListPurchasesQuery } from './list-purchases.query';

export type PurchaseView = PurchaseRecord & { purchaseId: string; minutes: number };

const view = (purchaseId: string, record: PurchaseRecord): PurchaseView => ({ purchaseId, minutes: minutesOfBlocks(record.blocks), ...record });

function fromRow(row: PurchaseRow): PurchaseView {
  const money = (amount: number) => ({ amount, currency: row.currency }) as PurchaseRecord['total'];
  return view(row.purchaseId, {
    status: row.status, blocks: row.blocks, ratePerMinute: money(row.ratePerMinuteCents), total: money(row.totalCents),
    startedAt: row.startedAt, paymentReference: row.paymentReference,
  });
}

/**
 * Credit purchases and their status, newest first (or one of them). The account state keeps only the
 * latest few, so the list is the purchases read model with the state's records laid over it: those are
 * current to the last event, so a purchase just bought or paid shows as such before the projection has
 * caught up. One purchase is read from the state or, once it left it, from the store by its key.
 */
@QueryHandler(ListPurchasesQuery)
export class ListPurchasesHandler implements IQueryHandler<ListPurchasesQuery, PurchaseView[] | PurchaseView> {
  constructor(private readonly accounts: AccountRepository, @Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ accountId, purchaseId }: ListPurchasesQuery): Promise<PurchaseView[] | PurchaseView> {
    const { state } = await this.accounts.load(accountId);
    if (state.status !== 'open') throw accountNotFound();
    if (purchaseId !== undefined) {
      const one = await this.accounts.recordedPurchase(accountId, purchaseId);
      if (!one) throw new ProblemError(404, 'PURCHASE.NOT_FOUND', `There is no purchase ${purchaseId} on this account.`);
      return view(purchaseId, one);
    }
    const all = new Map<string, PurchaseView>();
    for (let offset = 0; ; offset += 500) {
      const page = await purchasesOf(this.pool, accountId, { offset, limit: 500 });
      for (const row of page.items) all.set(row.purchaseId, fromRow(row));
      if (page.items.length < 500 || offset + 500 >= page.total) break;
    }
    for (const [id, record] of Object.entries(state.purchases)) all.set(id, view(id, record));
    return [...all.values()].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  }
}
