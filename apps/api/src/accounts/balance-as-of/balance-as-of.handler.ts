import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  effectiveMonthlyMaximum, evolveAll, initialState, monthOf, type PlanCatalogue, reloadsCompletedIn, secondsToDisplayMinutes, upcastAll,
} from '@billing/domain';
import { accountNotFound } from '../../http/problem';
import { PLANS } from '../../infrastructure/tokens';
import { AccountRepository } from '../account-repository';
import { BalanceAsOfQuery } from './balance-as-of.query';

/**
 * The account as it stood at an instant, folded from the events recorded up to then with the same
 * evolve as everything else (no read model involved): what auditors check read models against.
 */
@QueryHandler(BalanceAsOfQuery)
export class BalanceAsOfHandler implements IQueryHandler<BalanceAsOfQuery> {
  constructor(private readonly accounts: AccountRepository, @Inject(PLANS) private readonly plans: PlanCatalogue) {}

  async execute({ accountId, asOf }: BalanceAsOfQuery) {
    const events = await this.accounts.history(accountId);
    const until = Date.parse(asOf);
    const upTo = events.filter((e) => e.recordedAt.getTime() <= until);
    const state = evolveAll(upcastAll(upTo), initialState());
    if (state.status !== 'open') throw accountNotFound();
    const month = monthOf(new Date(until).toISOString(), state.timeZone);
    const last = upTo[upTo.length - 1];
    return {
      accountId,
      asOf: new Date(until).toISOString(),
      plan: state.planId,
      credits: { balanceSeconds: state.credits.balanceSeconds, balanceMinutes: secondsToDisplayMinutes(state.credits.balanceSeconds) },
      autoReload: {
        enabled: state.autoReload.enabled,
        month,
        usedThisMonth: reloadsCompletedIn(state, month),
        monthlyMax: effectiveMonthlyMaximum(state.autoReload, this.plans[state.planId]),
      },
      lastEvent: { revision: last.streamRevision, position: last.position, recordedAt: last.recordedAt.toISOString() },
    };
  }
}
