import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type AutoReloadTriggeredData, upcast } from '@billing/domain';
import { type RecordedEvent, sleep, withRetry } from '@billing/event-store';
import { Ownership } from '@billing/projections';
import { AccountRepository } from '../../accounts/account-repository';
import type { Runtime } from '../../infrastructure/runtime';
import { RUNTIME } from '../../infrastructure/tokens';
import { Metrics } from '../../observability/metrics';
import { PAYMENT_GATEWAY, type PaymentGateway } from '../payment-gateway';
import { PaymentOutcomes } from '../payment-outcomes';
import { type ChargeData, ChargeQueue } from './charge-queue';
import { ChargeScheduler } from './charge-scheduler';
import { ProcessCheckpoints } from './process-checkpoints';

const NAME = 'auto-reload-payments';
const LOCK = 'billing-process:auto-reload-payments';
/** A reload charged 20 ms later costs nobody anything; reading once per append cost the API a round trip per call. */
const GATHER_MS = 20;

/**
 * Charges the card on file for each AutoReloadTriggered and records the outcome. It reads the store
 * through its own checkpointed subscription (never the in-process bus), which only enqueues each reload
 * into a durable table of charges, in the same statement that moves the checkpoint; a scheduler charges
 * what is due, several at once, and reschedules what Stripe did not answer (charge-scheduler.ts). So one
 * account's failing or hung charge never holds another's, and a crash or takeover loses nothing: the next
 * owner finds the rows and asks again with the same idempotency key (the reload id), which Stripe answers
 * with the first PaymentIntent instead of charging twice. One instance owns it at a time (advisory lock).
 */
@Injectable()
export class AutoReloadProcess implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly stopping = new AbortController();
  private supervisor: Promise<void> | undefined;
  private readonly checkpoints: ProcessCheckpoints;
  private readonly queue: ChargeQueue;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    private readonly accounts: AccountRepository,
    private readonly outcomes: PaymentOutcomes,
    private readonly metrics: Metrics,
  ) {
    this.checkpoints = new ProcessCheckpoints(runtime.pool);
    this.queue = new ChargeQueue(runtime.pool);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.runtime.config.paymentProcessEnabled) return;
    await withRetry(() => this.checkpoints.migrate(), { attempts: 10, initialDelayMs: 200 });
    this.supervisor = this.supervise();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.supervisor;
  }

  /** Competes for ownership; while owning, follows the store and charges. Losing the lock connection stops both. */
  private async supervise(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const session = new AbortController();
      const stop = () => session.abort();
      this.stopping.signal.addEventListener('abort', stop, { once: true });
      let ownership: Ownership | undefined;
      try {
        ownership = await Ownership.open({ connectionString: this.connectionString(), application_name: `payments-lock:${process.pid}` }, 2_000, stop);
        if (await ownership.tryAcquire(LOCK)) {
          this.runtime.logger.entry('info', 'auto-reload payments owned', { instance: process.pid });
          const scheduler = new ChargeScheduler(this.queue, this.gateway, this.accounts, this.outcomes, this.metrics, this.runtime.logger, this.runtime.config.autoReload);
          // Either failing ends the session for both; both have stopped (charges in flight finished) before the lock goes.
          const parts = await Promise.allSettled([this.follow(scheduler, session.signal), scheduler.run(session.signal)].map((part) => part.catch((error) => {
            session.abort();
            throw error;
          })));
          const failed = parts.find((part) => part.status === 'rejected');
          if (failed) throw failed.reason;
        }
      } catch (error) {
        this.runtime.logger.entry('warn', 'auto-reload payments interrupted; will retry', { error: (error as Error).message });
      } finally {
        session.abort();
        this.stopping.signal.removeEventListener('abort', stop);
        await ownership?.close();
      }
      await sleep(1_000, this.stopping.signal);
    }
  }

  /** Enqueues each reload with the checkpoint past its event: the subscription never waits for a charge. */
  private async follow(scheduler: ChargeScheduler, signal: AbortSignal): Promise<void> {
    const from = await this.checkpoints.read(NAME);
    for await (const event of this.runtime.eventStore.subscribeToAll({ fromPosition: from, filter: { eventTypes: ['AutoReloadTriggered'] }, signal, gatherMs: GATHER_MS })) {
      await withRetry(() => this.queue.enqueue(NAME, event.position, chargeOf(event), new Date()), { attempts: 10 });
      scheduler.notify();
    }
  }

  private connectionString(): string {
    return (this.runtime.pool as unknown as { options: { connectionString: string } }).options.connectionString;
  }
}

function chargeOf(event: RecordedEvent): ChargeData {
  const data = upcast(event).data as AutoReloadTriggeredData;
  return {
    accountId: data.accountId, reloadId: data.reloadId, amount: data.total,
    stripeCustomerId: data.stripeCustomerId, paymentMethodId: data.paymentMethodId, eventId: event.id,
  };
}
