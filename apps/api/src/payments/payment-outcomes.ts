import { Injectable } from '@nestjs/common';
import { type Actor, type CreditSource, type DisputeStatus, isDomainError, type Money } from '@billing/domain';
import { AccountRepository } from '../accounts/account-repository';
import type { JsonLogger } from '../logging/json-logger';

/** Payment providers act as the service. */
const PAYMENTS: Actor = { id: 'payments', role: 'service' };

/** The payment for credits a refund or dispute belongs to. */
export interface PaymentOf {
  accountId: string;
  source: CreditSource;
  purchaseId: string;
  paymentReference: string;
}

export type Outcome = { outcome: 'recorded' | 'unchanged' } | { outcome: 'ignored'; code: string; detail: string };

/**
 * Turns what a payment provider says (webhook, sandbox, off-session charge) into account commands.
 * The domain makes every one idempotent: a repeated or late message changes nothing. A refusal
 * (unknown purchase, already settled another way, wrong amount) is logged and reported, never thrown,
 * so the provider stops redelivering something that can never succeed.
 */
@Injectable()
export class PaymentOutcomes {
  constructor(private readonly accounts: AccountRepository) {}

  async purchasePaid(accountId: string, purchaseId: string, paymentReference: string, amountPaid: Money, paymentMethodId: string | null, now: Date, correlationId?: string): Promise<Outcome> {
    const outcome = await this.run(
      () => this.accounts.execute(
        { type: 'CompleteCreditPurchase', accountId, purchaseId, paymentReference, amountPaid, at: now.toISOString(), actor: PAYMENTS },
        { commandKey: `purchase-paid:${purchaseId}`, correlationId },
      ),
    );
    // The card Checkout saved (setup_future_usage) becomes the card on file for auto-reloads.
    if (paymentMethodId && outcome.outcome !== 'ignored') {
      await this.run(() => this.accounts.execute(
        { type: 'SetPaymentMethodOnFile', accountId, paymentMethodId, at: now.toISOString(), actor: PAYMENTS },
        { commandKey: `purchase-card:${purchaseId}`, correlationId },
      ));
    }
    return outcome;
  }

  purchaseFailed(accountId: string, purchaseId: string, failureCode: string | null, now: Date, correlationId?: string): Promise<Outcome> {
    return this.run(() => this.accounts.execute(
      { type: 'FailCreditPurchase', accountId, purchaseId, failureCode, at: now.toISOString(), actor: PAYMENTS },
      { commandKey: `purchase-failed:${purchaseId}`, correlationId },
    ));
  }

  purchaseExpired(accountId: string, purchaseId: string, now: Date, correlationId?: string): Promise<Outcome> {
    return this.run(() => this.accounts.execute(
      { type: 'ExpireCreditPurchase', accountId, purchaseId, at: now.toISOString(), actor: PAYMENTS },
      { commandKey: `purchase-expired:${purchaseId}`, correlationId },
    ));
  }

  reloadPaid(accountId: string, reloadId: string, paymentReference: string, now: Date, correlationId?: string): Promise<Outcome> {
    return this.run(() => this.accounts.execute(
      { type: 'CompleteAutoReload', accountId, reloadId, paymentReference, at: now.toISOString(), actor: PAYMENTS },
      { commandKey: `reload-paid:${reloadId}`, correlationId },
    ));
  }

  reloadFailed(accountId: string, reloadId: string, reasonCode: string, now: Date, correlationId?: string): Promise<Outcome> {
    return this.run(() => this.accounts.execute(
      { type: 'FailAutoReload', accountId, reloadId, reasonCode, at: now.toISOString(), actor: PAYMENTS },
      { commandKey: `reload-failed:${reloadId}`, correlationId },
    ));
  }

  /** A refund of a credited payment (Stripe re_…): its minutes leave the balance once (rules/refunds.ts). */
  refunded(payment: PaymentOf, refundId: string, amount: Money, now: Date, correlationId?: string): Promise<Outcome> {
    return this.run(() => this.accounts.execute(
      { type: 'RecordRefund', ...payment, refundId, amount, at: now.toISOString(), actor: PAYMENTS },
      { commandKey: `refund:${payment.purchaseId}:${refundId}`, correlationId },
    ));
  }

  /** A dispute opened, won or lost (lost: its amount is taken back as a refund). */
  disputed(payment: PaymentOf, dispute: { disputeId: string; status: DisputeStatus; amount: Money; reason: string }, now: Date, correlationId?: string): Promise<Outcome> {
    return this.run(() => this.accounts.execute(
      { type: 'RecordDispute', ...payment, ...dispute, at: now.toISOString(), actor: PAYMENTS },
      { commandKey: `dispute-${dispute.status}:${payment.purchaseId}:${dispute.disputeId}`, correlationId },
    ));
  }

  private async run(command: () => Promise<{ events: unknown[] }>): Promise<Outcome> {
    try {
      const { events } = await command();
      return { outcome: events.length ? 'recorded' : 'unchanged' };
    } catch (error) {
      if (isDomainError(error)) return { outcome: 'ignored', code: error.code, detail: error.message };
      throw error;
    }
  }
}

export function logOutcome(logger: JsonLogger, what: string, outcome: Outcome, fields: Record<string, unknown>): void {
  if (outcome.outcome === 'ignored') logger.entry('warn', `${what}: refused by the account`, { ...fields, code: outcome.code, detail: outcome.detail });
  else logger.entry('info', `${what}: ${outcome.outcome}`, fields);
}
