import type { PlanId } from '@billing/domain';
import type { RequestContext } from '../account-command';

export class ChangePlanCommand {
  constructor(readonly accountId: string, readonly planId: PlanId, readonly context: RequestContext) {}
}
