import { PAYMENT_PROVIDER_UNAVAILABLE } from '@billing/domain';
import type { AccountRepository } from '../../accounts/account-repository';
import type { JsonLogger } from '../../logging/json-logger';
import type { Metrics } from '../../observability/metrics';
import type { PaymentGateway } from '../payment-gateway';
import { logOutcome, type PaymentOutcomes } from '../payment-outcomes';
import { backOffMs } from '@billing/event-store';
import type { ChargeQueue, DueCharge } from './charge-queue';

export interface SchedulerOptions {
  concurrency: number;
  retryBaseMs: number;
  retryBudgetMs: number;
}

/** The longest wait between two retries of one charge. */
const RETRY_CAP_MS = 15 * 60_000;
/**
 * A charge left processing (bank debits take days) is looked at again within a minute (60 retry bases:
 * the default base is 1 s), then less and less often, and at least hourly.
 */
const SETTLEMENT_CHECK_BASES = 60;
const SETTLEMENT_CHECK_CAP_MS = 60 * 60_000;
/** Looks at the table at least this often while charges wait for a retry (due times can be late by this much). */
const POLL_MS = 1_000;
/** An empty table only fills through this owner's subscription, which wakes the scheduler: look rarely. */
const IDLE_POLL_MS = 5_000;

/**
 * Takes due charges from the queue and charges them, at most `concurrency` at once: a slow, hung or
 * failing charge holds only its own slot, and a retry is a due time in the table, never a wait in line.
 * Every charge uses the reload id as idempotency key, on every attempt, so asking again never charges twice.
 */
export class ChargeScheduler {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly wakeup = new Wakeup();

  constructor(
    private readonly queue: ChargeQueue,
    private readonly gateway: PaymentGateway,
    private readonly accounts: AccountRepository,
    private readonly outcomes: PaymentOutcomes,
    private readonly metrics: Metrics,
    private readonly logger: JsonLogger,
    private readonly options: SchedulerOptions,
  ) {}

  /** Something new may be due (a charge was enqueued). */
  notify(): void {
    this.wakeup.notify();
  }

  /** Runs until `signal` aborts (ownership lost, shutdown), then lets the charges in flight finish. */
  async run(signal: AbortSignal): Promise<void> {
    try {
      while (!signal.aborted) {
        const free = this.options.concurrency - this.inFlight.size;
        let waitMs = POLL_MS; // all slots busy: a finishing charge wakes us
        if (free > 0) {
          const now = new Date();
          const due = await this.queue.due(now, free, [...this.inFlight.keys()]);
          for (const item of due) this.start(item);
          if (due.length === free) continue; // more may be waiting for a slot
          const next = await this.queue.nextDueAt([...this.inFlight.keys()]);
          waitMs = next ? Math.max(0, Math.min(POLL_MS, next.getTime() - Date.now())) : IDLE_POLL_MS;
        }
        await this.wakeup.wait(waitMs, signal);
      }
    } finally {
      await Promise.allSettled(this.inFlight.values());
    }
  }

  private start(item: DueCharge): void {
    const { reloadId } = item.charge;
    const attempt = this.attempt(item)
      .catch(async (error: Error) => {
        // The database failed around the charge (or this account's data did): retry later, same key. If even
        // that write fails, the row stays due as it was and the next look takes it again.
        const delay = backOffMs(item.attempts, this.options.retryBaseMs, RETRY_CAP_MS);
        this.metrics.reloadOutcomes.inc({ outcome: 'error' });
        this.logger.entry('warn', 'auto-reload charge not settled; will retry', { reloadId, accountId: item.charge.accountId, error: error.message, retryInMs: delay });
        await this.queue.reschedule(reloadId, new Date(Date.now() + delay), `error: ${error.message}`).catch(() => undefined);
      })
      .finally(() => {
        this.inFlight.delete(reloadId);
        this.wakeup.notify(); // a slot is free
      });
    this.inFlight.set(reloadId, attempt);
  }

  private async attempt({ charge, attempts, firstAttemptAt }: DueCharge): Promise<void> {
    const { accountId, reloadId } = charge;
    const fields = { accountId, reloadId, eventId: charge.eventId, attempts: attempts + 1 };
    const { state } = await this.accounts.load(accountId);
    // Settled already (webhook, an earlier owner): the account no longer waits for this reload.
    if (state.autoReload.reloadInFlight !== reloadId) return this.queue.remove(reloadId);
    const started = firstAttemptAt ?? new Date();
    // A charge Stripe is processing exists: it is only read again, never created again, so no budget applies.
    const processing = charge.processing;
    // Past the budget Stripe may have forgotten the key: asking again could charge twice.
    if (!processing && Date.now() - started.getTime() >= this.options.retryBudgetMs) return this.giveUp(charge, fields);
    if (!firstAttemptAt) await this.queue.markFirstAttempt(reloadId, started);
    const result = processing
      ? await this.gateway.chargeStatus(processing)
      : await this.gateway.chargeOffSession({
        accountId, reloadId, amount: charge.amount, stripeCustomerId: charge.stripeCustomerId, paymentMethodId: charge.paymentMethodId,
      });
    const now = new Date();
    switch (result.status) {
      case 'succeeded':
        logOutcome(this.logger, 'auto-reload charge', await this.outcomes.reloadPaid(accountId, reloadId, result.paymentReference, now), fields);
        break;
      case 'failed':
        logOutcome(this.logger, `auto-reload charge failed (${result.fault})`, await this.outcomes.reloadFailed(accountId, reloadId, result.code, now), { ...fields, code: result.code });
        break;
      case 'pending': {
        // Stripe's payment_intent webhook normally settles it first (the check above then removes the row);
        // if that webhook never comes, these looks do.
        const delay = backOffMs(attempts, this.options.retryBaseMs * SETTLEMENT_CHECK_BASES, SETTLEMENT_CHECK_CAP_MS);
        this.metrics.reloadOutcomes.inc({ outcome: 'pending' });
        this.logger.entry('info', 'auto-reload charge processing at Stripe; will look again', { ...fields, paymentReference: result.paymentReference, checkInMs: delay });
        return this.queue.awaitSettlement(reloadId, result.paymentReference, new Date(now.getTime() + delay));
      }
      case 'unanswered': {
        const delay = backOffMs(attempts, this.options.retryBaseMs, RETRY_CAP_MS);
        if (!processing && now.getTime() + delay - started.getTime() >= this.options.retryBudgetMs) return this.giveUp(charge, fields);
        this.metrics.reloadOutcomes.inc({ outcome: 'retry' });
        // Logged once per interval by ProviderFaults; this is the per-reload detail, at debug.
        this.logger.entry('debug', 'auto-reload charge unanswered; retrying', { ...fields, fault: result.fault, code: result.code, retryInMs: delay });
        return this.queue.reschedule(reloadId, new Date(now.getTime() + delay), `${result.fault}: ${result.code}: ${result.message}`);
      }
      default: {
        const unknown: never = result;
        throw new Error(`unknown charge outcome ${JSON.stringify(unknown)}`);
      }
    }
    this.metrics.reloadOutcomes.inc({ outcome: result.status });
    await this.queue.remove(reloadId);
  }

  /** The retry budget is spent: the reload fails as payment_provider_unavailable (the domain does not count it against the card). */
  private async giveUp(charge: DueCharge['charge'], fields: Record<string, unknown>): Promise<void> {
    const outcome = await this.outcomes.reloadFailed(charge.accountId, charge.reloadId, PAYMENT_PROVIDER_UNAVAILABLE, new Date());
    logOutcome(this.logger, 'auto-reload charge given up: payment provider unavailable for the whole retry budget', outcome, fields);
    this.metrics.reloadOutcomes.inc({ outcome: 'gave_up' });
    await this.queue.remove(charge.reloadId);
  }
}

/** A wait that ends early when notified; a notification while nobody waits ends the next wait at once. */
class Wakeup {
  private pending = false;
  private wake: (() => void) | undefined;

  notify(): void {
    if (this.wake) this.wake();
    else this.pending = true;
  }

  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.pending || signal.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }
}
