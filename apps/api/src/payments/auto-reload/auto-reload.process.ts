import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type AutoReloadTriggeredData, reloadOf, upcast } from '@billing/domain';
import { isTransientError, type RecordedEvent, sleep, withRetry } from '@billing/event-store';
import { Ownership } from '@billing/projections';
import { AccountRepository } from '../../accounts/account-repository';
import type { Runtime } from '../../infrastructure/runtime';
import { RUNTIME } from '../../infrastructure/tokens';
import { Metrics } from '../../observability/metrics';
import { PAYMENT_GATEWAY, type PaymentGateway } from '../payment-gateway';
import { logOutcome, PaymentOutcomes } from '../payment-outcomes';
import { ProcessCheckpoints } from './process-checkpoints';

const NAME = 'auto-reload-payments';
const LOCK = 'billing-process:auto-reload-payments';
/** A reload charged 20 ms later costs nobody anything; reading once per append cost the API a round trip per call. */
const GATHER_MS = 20;

/**
 * Charges the card on file for each AutoReloadTriggered and records the outcome. It reads the store
 * through its own checkpointed subscription (never the in-process bus), so a crash loses nothing;
 * one instance owns it at a time (advisory lock). A crash between charging and recording replays
 * the event: the account still shows the reload pending, and the charge is asked again with the
 * same idempotency key (the reload id), which Stripe answers with the first PaymentIntent instead
 * of charging twice.
 */
@Injectable()
export class AutoReloadProcess implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly stopping = new AbortController();
  private supervisor: Promise<void> | undefined;
  private readonly checkpoints: ProcessCheckpoints;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    private readonly accounts: AccountRepository,
    private readonly outcomes: PaymentOutcomes,
    private readonly metrics: Metrics,
  ) {
    this.checkpoints = new ProcessCheckpoints(runtime.pool);
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

  /** Competes for ownership; while owning, follows the store. Losing the lock connection stops it. */
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
          await this.follow(session.signal);
        }
      } catch (error) {
        this.runtime.logger.entry('warn', 'auto-reload payments interrupted; will retry', { error: (error as Error).message });
      } finally {
        this.stopping.signal.removeEventListener('abort', stop);
        await ownership?.close();
      }
      await sleep(1_000, this.stopping.signal);
    }
  }

  private async follow(signal: AbortSignal): Promise<void> {
    const from = await this.checkpoints.read(NAME);
    for await (const event of this.runtime.eventStore.subscribeToAll({ fromPosition: from, filter: { eventTypes: ['AutoReloadTriggered'] }, signal, gatherMs: GATHER_MS })) {
      await this.settle(event, signal);
      if (signal.aborted) return; // not settled for sure: the next owner takes this event again
      await withRetry(() => this.checkpoints.save(NAME, event.position), { attempts: 10 });
    }
  }

  /** Charges and records one reload, retrying transient failures until it is done or we stop. */
  private async settle(event: RecordedEvent, signal: AbortSignal): Promise<void> {
    const data = upcast({ type: event.type, schemaVersion: event.schemaVersion, data: event.data }).data as AutoReloadTriggeredData;
    for (let delay = 200; !signal.aborted; delay = Math.min(delay * 2, 30_000)) {
      try {
        const { state } = await this.accounts.load(data.accountId);
        if (reloadOf(state, data.reloadId)?.status !== 'pending') return; // settled already (webhook, earlier run)
        const result = await this.gateway.chargeOffSession({
          accountId: data.accountId, reloadId: data.reloadId, amount: data.total,
          stripeCustomerId: data.stripeCustomerId, paymentMethodId: data.paymentMethodId,
        });
        this.metrics.reloadOutcomes.inc({ outcome: result.status });
        const now = new Date();
        const fields = { accountId: data.accountId, reloadId: data.reloadId, eventId: event.id };
        if (result.status === 'succeeded') logOutcome(this.runtime.logger, 'auto-reload charge', await this.outcomes.reloadPaid(data.accountId, data.reloadId, result.paymentReference, now), fields);
        if (result.status === 'failed') logOutcome(this.runtime.logger, 'auto-reload charge declined', await this.outcomes.reloadFailed(data.accountId, data.reloadId, result.code, now), { ...fields, code: result.code });
        return; // 'pending': Stripe's payment_intent webhook settles it
      } catch (error) {
        this.metrics.reloadOutcomes.inc({ outcome: 'error' });
        this.runtime.logger.entry(isTransientError(error) ? 'warn' : 'error', 'auto-reload charge not settled; retrying', {
          accountId: data.accountId, reloadId: data.reloadId, error: (error as Error).message, retryInMs: delay,
        });
        await sleep(delay, signal);
      }
    }
  }

  private connectionString(): string {
    return (this.runtime.pool as unknown as { options: { connectionString: string } }).options.connectionString;
  }
}
