import type { JsonLogger } from '../logging/json-logger';
import type { Metrics } from '../observability/metrics';
import type { PaymentProviderHealth } from './provider-health';
import type { StripeFault } from './stripe-outcomes';

/** An outage makes every charge fail alike: one line per class and interval says it, with how many were like it. */
export const FAULT_LOG_INTERVAL_MS = 60_000;

export type ProviderOperation = 'charge' | 'checkout';

/**
 * Where every payment-provider answer is reported: the metric counts errors by class, readiness hears
 * about systemic faults (and about every answer that proves our key works), and the log gets one line per
 * class and interval rather than one per reload.
 */
export class ProviderFaults {
  private readonly lastLogged = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly health: PaymentProviderHealth,
    private readonly metrics: Metrics,
    private readonly logger: JsonLogger,
    private readonly intervalMs = FAULT_LOG_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stripe accepted a request of ours (whatever it then said about the card). */
  answered(): void {
    this.health.answered();
  }

  fault(fault: StripeFault, operation: ProviderOperation): void {
    this.metrics.providerErrors.inc({ class: fault.class, operation });
    if (fault.class === 'card' || fault.class === 'permanent') {
      this.health.answered(); // a refusal about the account is an answer: our key works
      return;
    }
    if (fault.class === 'systemic') this.health.systemicFault(`${fault.code}: ${fault.message}`);
    const key = fault.class;
    const last = this.lastLogged.get(key);
    const now = this.now();
    if (last && now - last.at < this.intervalMs) {
      last.suppressed += 1;
      return;
    }
    this.lastLogged.set(key, { at: now, suppressed: 0 });
    this.logger.entry(fault.class === 'systemic' ? 'error' : 'warn', fault.class === 'systemic'
      ? 'payment provider refuses our credentials: no payment can be taken until STRIPE_SECRET_KEY is fixed'
      : 'payment provider unavailable: retrying', {
      class: fault.class, code: fault.code, error: fault.message, operation,
      similarSinceLastLine: last?.suppressed ?? 0, intervalMs: this.intervalMs,
    });
  }
}
