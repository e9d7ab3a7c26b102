import { Inject, Injectable } from '@nestjs/common';
import { type AccountState, billingSummary, type PlanCatalogue } from '@billing/domain';
import type { Principal } from '../auth/principal';
import { PLANS } from '../infrastructure/tokens';

/** The billing page as one document: the domain's view, for the caller's role, as of now. */
@Injectable()
export class BillingSummaryService {
  constructor(@Inject(PLANS) private readonly plans: PlanCatalogue) {}

  of(state: AccountState, caller: Principal, now: Date = new Date()) {
    return billingSummary(state, this.plans, now.toISOString(), caller.role);
  }
}
