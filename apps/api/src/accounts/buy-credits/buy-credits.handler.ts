import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Actor, minutesOfBlocks, purchaseOf, type Money } from '@billing/domain';
import type { Runtime } from '../../infrastructure/runtime';
import { RUNTIME } from '../../infrastructure/tokens';
import { PAYMENT_GATEWAY, type PaymentGateway, PaymentProviderError } from '../../payments/payment-gateway';
import { AccountRepository } from '../account-repository';
import { billingPageUrl } from '../billing-page-url';
import { uuidV5 } from '../event-ids';
import { BuyCreditsCommand } from './buy-credits.command';
import { checkoutProblem } from './checkout-problem';

/** The purchase failed because the payment provider did: recorded as the payment side, like its webhooks. */
const PAYMENTS: Actor = { id: 'payments', role: 'service' };

export interface BuyCreditsResult {
  purchaseId: string;
  blocks: number;
  minutes: number;
  ratePerMinute: Money;
  total: Money;
  checkoutUrl: string;
}

/**
 * Starts a purchase (the domain fixes the price at the current plan's rate), then opens a Checkout
 * Session for it. Credits arrive later, when payment is confirmed. With an Idempotency-Key the
 * purchase id derives from it, so a retry after a crash between the two steps finishes the same
 * purchase and gets the same session (Stripe's idempotency key is the purchase id). When the session
 * cannot be opened the answer is a 502/503 problem; without an Idempotency-Key the purchase is recorded
 * as failed (nobody holds a checkout URL for it, so it can never be paid), and the next request is a new one.
 */
@CommandHandler(BuyCreditsCommand)
export class BuyCreditsHandler implements ICommandHandler<BuyCreditsCommand, BuyCreditsResult> {
  constructor(
    private readonly accounts: AccountRepository,
    @Inject(PAYMENT_GATEWAY) private readonly payments: PaymentGateway,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {}

  async execute({ accountId, blocks, idempotencyKey, context }: BuyCreditsCommand): Promise<BuyCreditsResult> {
    const purchaseId = `pur_${(idempotencyKey ? uuidV5(`purchase|${accountId}|${idempotencyKey}`) : randomUUID()).replace(/-/g, '')}`;
    const { state } = await this.accounts.execute(
      { type: 'StartCreditPurchase', accountId, purchaseId, blocks, at: context.at, actor: context.actor },
      { commandKey: `purchase:${purchaseId}`, correlationId: context.correlationId },
    );
    // A retried request for a purchase that has since left the state (it keeps the latest few): as recorded.
    const purchase = purchaseOf(state, purchaseId) ?? (await this.accounts.recordedPurchase(accountId, purchaseId));
    if (!purchase) throw new Error(`purchase ${purchaseId} was not recorded`);
    const minutes = minutesOfBlocks(purchase.blocks);
    const session = await this.payments.createCheckoutSession({
      accountId,
      purchaseId,
      minutes,
      ratePerMinute: purchase.ratePerMinute,
      total: purchase.total,
      stripeCustomerId: state.stripeCustomerId,
      successUrl: billingPageUrl(this.runtime.config.publicUrl, accountId, { outcome: 'success', purchaseId }),
      cancelUrl: billingPageUrl(this.runtime.config.publicUrl, accountId, { outcome: 'cancelled', purchaseId }),
    }).catch(async (error: unknown) => {
      if (!(error instanceof PaymentProviderError)) throw error;
      if (!idempotencyKey) await this.abandon(accountId, purchaseId, error, context.correlationId);
      throw checkoutProblem(error);
    });
    return { purchaseId, blocks: purchase.blocks, minutes, ratePerMinute: purchase.ratePerMinute, total: purchase.total, checkoutUrl: session.url };
  }

  /** Best effort: if this fails too, the purchase just stays pending, which blocks nothing. */
  private async abandon(accountId: string, purchaseId: string, error: PaymentProviderError, correlationId?: string): Promise<void> {
    await this.accounts.execute(
      { type: 'FailCreditPurchase', accountId, purchaseId, failureCode: `checkout_${error.fault}`, at: new Date().toISOString(), actor: PAYMENTS },
      { commandKey: `purchase-checkout-failed:${purchaseId}`, correlationId },
    ).catch((cause: Error) => this.runtime.logger.entry('warn', 'could not record the abandoned purchase', { accountId, purchaseId, error: cause.message }));
  }
}
