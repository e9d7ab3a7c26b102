import type { RequestContext } from '../account-command';

export class SetPaymentMethodCommand {
  constructor(readonly accountId: string, readonly paymentMethodId: string, readonly context: RequestContext) {}
}
