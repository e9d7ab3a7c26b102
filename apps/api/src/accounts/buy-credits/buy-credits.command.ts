import type { RequestContext } from '../account-command';

export class BuyCreditsCommand {
  constructor(
    readonly accountId: string,
    readonly blocks: number,
    /** From the Idempotency-Key header: the same key buys once. */
    readonly idempotencyKey: string | undefined,
    readonly context: RequestContext,
  ) {}
}
